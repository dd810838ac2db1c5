using System.Text.Json;
using TorchPractice.Models;
using TorchPractice.Tests.Random;
using static TorchSharp.torch;

namespace TorchPractice.Tests.Models;

/// <summary>
/// Every initialization scheme against NumPy's formula: Fixtures/init/initializations.json is written by
/// Fixtures/generate_init_fixtures.py, which spells each formula out with NumPy (np.random.seed, randn / rand).
/// </summary>
public sealed class InitializationTests
{
    static readonly Lazy<Dictionary<string, JsonElement>> Cases = new(() => JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Fixtures", "init", "initializations.json"))).RootElement
        .GetProperty("cases").EnumerateArray().ToDictionary(Name));

    /// <summary>e.g. "xavier [5,7,4,1] seed 1 scale 0.5 float64": what the test's name shows.</summary>
    static string Name(JsonElement c) =>
        $"{c.GetProperty("init").GetString()} [{string.Join(",", NumPyFixtures.Ints(c.GetProperty("layers")))}] " +
        $"seed {c.GetProperty("seed").GetInt64()} scale {c.GetProperty("scale").GetDouble()} {c.GetProperty("dtype").GetString()}";

    public static TheoryData<string> CaseNames() => new(Cases.Value.Keys);

    /// <summary>
    /// Bit for bit: NumPy and the C# source draw the same doubles, and every formula is one or two correctly
    /// rounded IEEE operations on them (a product, a quotient, √ of a correctly rounded quotient), so any change of
    /// formula — even √(1/n) for 1/√n — shows, not only a change large enough to pass a tolerance.
    /// </summary>
    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_scheme_draws_what_NumPy_draws_with_the_same_formula(string name)
    {
        var c = Cases.Value[name];
        var o = new ModelOptions
        {
            Layers = NumPyFixtures.Ints(c.GetProperty("layers")),
            Init = Enum.Parse<Init>(c.GetProperty("init").GetString()!, ignoreCase: true),
            InitScale = c.GetProperty("scale").GetDouble(),
            DType = c.GetProperty("dtype").GetString() == "float32" ? float32 : float64,
        };
        var rng = TestData.Rng(c.GetProperty("seed").GetInt64());
        using var p = InitialParameters.Create(o, rng, CPU);

        var expected = c.GetProperty("parameters");
        Assert.Equal(expected.EnumerateObject().Select(e => e.Name), p.Names);
        foreach (var tensor in expected.EnumerateObject())
        {
            Assert.Equal(o.DType, p[tensor.Name].dtype);
            Assert.Equal(tensor.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()), p[tensor.Name].shape);
            NumPyFixtures.AssertBitEqual(Doubles(tensor.Value.GetProperty("values")), p.ToArray(tensor.Name), $"{name} {tensor.Name}");
        }

        // The stream stands where NumPy's stands after the initialization: the dropout masks continue from there.
        using var next = rng.Uniform([3], CPU, float64);
        NumPyFixtures.AssertBitEqual(Doubles(c.GetProperty("next")), next.data<double>().ToArray(), $"{name}: the draw after it");
    }

    [Fact]
    public void The_fixtures_cover_every_scheme()
    {
        Assert.Equal(Enum.GetValues<Init>().Order(),
            Cases.Value.Values.Select(c => Enum.Parse<Init>(c.GetProperty("init").GetString()!, ignoreCase: true)).Distinct().Order());
    }

    // Any depth: every scheme is pinned on logistic regression (L = 1) and on a deep net (L ≥ 6) too.
    [Fact]
    public void The_fixtures_cover_every_scheme_at_depth_1_and_at_depth_6()
    {
        foreach (var depth in new Func<int, bool>[] { l => l == 1, l => l >= 6 })
            Assert.Equal(Enum.GetValues<Init>().Order(), Cases.Value.Values
                .Where(c => depth(c.GetProperty("layers").GetArrayLength() - 1))
                .Select(c => Enum.Parse<Init>(c.GetProperty("init").GetString()!, ignoreCase: true)).Distinct().Order());
    }

    static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
