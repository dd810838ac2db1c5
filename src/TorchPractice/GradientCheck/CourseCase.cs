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
    /// <summary>The course's gradient-check model: layers [4, 5, 3, 1], the course's cost formula.</summary>
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

    /// <summary>
    /// The course's 1-D example, J(θ) = θ·x with dJ/dθ = x written by hand, checked as any cost is
    /// (<see cref="GradCheck.Cost"/>): the course prints difference 2.919335883291695e-10 for x = 2, θ = 4.
    /// </summary>
    /// <param name="x">The input x.</param>
    /// <param name="theta">The parameter θ.</param>
    /// <param name="epsilon">The central-difference step.</param>
    /// <param name="threshold">A difference at or below this passes.</param>
    public static OneDimensionalCheck OneDimensional(double x, double theta, double epsilon = 1e-7, double threshold = 2e-7)
    {
        using var scope = NewDisposeScope();
        using var p = new ParameterSet([("theta", tensor(theta, float64))]);
        using TorchSharp.Scalar xs = x; // held (see HeldScalars)
        var r = GradCheck.Cost(q => q["theta"].mul(xs), p, q => new ParameterSet([("theta", full_like(q["theta"], xs))]),
            new GradCheckOptions { Epsilon = epsilon, Threshold = threshold });
        var c = r.Comparison("hand-written", "numeric")!;
        return new(r.Gradients["hand-written"][0], r.Gradients["numeric"][0], c.Difference, c.Passed);
    }

    /// <summary>The case drawn from NumPy's stream seeded 1, as the course's gradient_check_n_test_case does.</summary>
    public static (Tensor X, Tensor Y, ParameterSet Parameters) Create(Device device) =>
        Create(RandomSources.Create(RandomSources.NumPy, 1, device), device);
}
