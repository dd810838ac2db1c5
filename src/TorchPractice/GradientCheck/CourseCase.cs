using TorchPractice.Models;
using TorchPractice.Random;
using static TorchSharp.torch;

namespace TorchPractice.GradientCheck;

/// <summary>
/// The course's gradient_check_n_test_case: np.random.seed(1); X = randn(4, 3); Y = [1, 1, 0];
/// W1 = randn(5, 4), b1 = randn(5, 1), W2 = randn(3, 5), b2 = randn(3, 1), W3 = randn(1, 3), b3 = randn(1, 1),
/// all from one stream in that order (47 parameters). The course's model here has no L2 and no dropout
/// and uses its own cost formula (1/m Σ −log ...).
/// </summary>
public static class CourseCase
{
    public static ModelOptions Options { get; } = new() { Layers = [4, 5, 3, 1], CourseCost = true };

    /// <summary>Draws the case from <paramref name="rng"/>; with NumPy's stream seeded 1 it is the course's.</summary>
    public static (Tensor X, Tensor Y, ParameterSet Parameters) Create(IRandomSource rng, Device device)
    {
        using var scope = NewDisposeScope();
        var x = rng.StandardNormal([4, 3], device, float64).MoveToOuterDisposeScope();
        var y = tensor(new double[] { 1, 1, 0 }, [1, 3], float64, device).MoveToOuterDisposeScope();
        var names = ParameterSet.NamesFor(3).ToArray();
        var p = new ParameterSet(names.Select(n =>
        {
            int l = n[1] - '0';
            long rows = Options.Layers[l], cols = n[0] == 'W' ? Options.Layers[l - 1] : 1;
            return (n, rng.StandardNormal([rows, cols], device, float64).MoveToOuterDisposeScope());
        }).ToList());
        return (x, y, p);
    }

    /// <summary>The case from the recorded stream below (no NumPy source needed).</summary>
    public static (Tensor X, Tensor Y, ParameterSet Parameters) Create(Device device) => Create(new RecordedNormals(NumPySeed1), device);

    // TODO(merge): draw with RandomSources.Create("numpy", 1, device) and drop this recording.
    /// <summary>The first 59 values of np.random.seed(1); np.random.randn(...) (numpy 1.24.2, repr round-trip);
    /// tests check them against tests/TorchPractice.Tests/Fixtures/gradcheck/course_case.json.</summary>
    public static IReadOnlyList<double> NumPySeed1 { get; } =
    [
        1.6243453636632417, -0.6117564136500754, -0.5281717522634557, -1.0729686221561705,
        0.8654076293246785, -2.3015386968802827, 1.74481176421648, -0.7612069008951028,
        0.31903909605709857, -0.2493703754774101, 1.462107937044974, -2.060140709497654,
        -0.3224172040135075, -0.38405435466841564, 1.1337694423354374, -1.0998912673140309,
        -0.17242820755043575, -0.8778584179213718, 0.04221374671559283, 0.5828152137158222,
        -1.1006191772129212, 1.1447237098396141, 0.9015907205927955, 0.5024943389018682,
        0.9008559492644118, -0.6837278591743331, -0.12289022551864817, -0.9357694342590688,
        -0.2678880796260159, 0.530355466738186, -0.691660751725309, -0.39675352685597737,
        -0.6871727001195994, -0.8452056414987196, -0.671246130836819, -0.01266459891890136,
        -1.1173103486352778, 0.23441569781709215, 1.6598021771098705, 0.7420441605773356,
        -0.19183555236161492, -0.8876289640848363, -0.7471582937508376, 1.6924546010277466,
        0.05080775477602897, -0.6369956465693534, 0.19091548466746602, 2.100255136478842,
        0.12015895248162915, 0.6172031097074192, 0.3001703199558275, -0.35224984649351865,
        -1.1425181980221402, -0.3493427224128775, -0.2088942333747781, 0.5866231911821976,
        0.8389834138745049, 0.9311020813035573, 0.2855873252542588,
    ];
}

/// <summary>Replays recorded standard-normal values in order (row-major fill); anything else is an error.</summary>
public sealed class RecordedNormals(IReadOnlyList<double> values) : IRandomSource
{
    int _next;
    public string Kind => "recorded";
    public void Reseed(long seed) => _next = 0;

    public Tensor StandardNormal(long[] shape, Device device, ScalarType dtype)
    {
        long n = shape.Aggregate(1L, (a, b) => a * b);
        if (_next + n > values.Count)
            throw new InvalidOperationException($"the recording holds {values.Count} values; {_next + n} were asked for");
        var v = values.Skip(_next).Take((int)n).ToArray();
        _next += (int)n;
        using var scope = NewDisposeScope();
        return tensor(v, dtype: float64).reshape(shape).to(dtype, device).MoveToOuterDisposeScope();
    }

    public Tensor Uniform(long[] shape, Device device, ScalarType dtype) =>
        throw new NotSupportedException("a recording of normal values has no uniform values");
}
