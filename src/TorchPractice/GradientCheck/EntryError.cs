namespace TorchPractice.GradientCheck;

/// <summary>
/// One entry where the two gradients disagree most. Analytic is the checked gradient (scratch, or
/// autograd in "autograd vs numeric"); Reference what it is checked against (numeric, or autograd).
/// Relative error is |a − r| / (|a| + |r|) (0 when both are 0).
/// </summary>
/// <param name="Name">The tensor.</param>
/// <param name="Index">Row-major flat index in it.</param>
/// <param name="Row">Row.</param>
/// <param name="Column">Column.</param>
/// <param name="Analytic">The checked gradient's value.</param>
/// <param name="Reference">The reference value.</param>
/// <param name="AbsoluteError">|a − r|.</param>
/// <param name="RelativeError">|a − r| / (|a| + |r|).</param>
public sealed record EntryError(string Name, int Index, int Row, int Column, double Analytic, double Reference, double AbsoluteError, double RelativeError);
