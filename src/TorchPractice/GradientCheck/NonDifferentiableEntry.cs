namespace TorchPractice.GradientCheck;

/// <summary>
/// An entry where J is not differentiable within ε (a kink, e.g. ReLU at 0): the one-sided differences
/// Right = (J(θ+ε) − J(θ))/ε and Left = (J(θ) − J(θ−ε))/ε disagree beyond rounding, also at ε/8. Such entries are
/// listed and left out of the verdict: any slope between Left and Right is a correct (sub)gradient there.
/// Name, Index, Row and Column locate it as in <see cref="EntryError"/>.
/// </summary>
public sealed record NonDifferentiableEntry(string Name, int Index, int Row, int Column, double Left, double Right);
