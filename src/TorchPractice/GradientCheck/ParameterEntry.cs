namespace TorchPractice.GradientCheck;

/// <summary>One coordinate of θ: which tensor, and where in it (row-major flat index, row, column).</summary>
/// <param name="Name">The tensor (W1, b1, …).</param>
/// <param name="Index">Row-major flat index in the tensor.</param>
/// <param name="Row">Row in the tensor.</param>
/// <param name="Column">Column in the tensor (0 for a bias).</param>
public readonly record struct ParameterEntry(string Name, int Index, int Row, int Column);
