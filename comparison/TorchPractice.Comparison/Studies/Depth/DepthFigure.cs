namespace TorchPractice.Comparison.Studies;

/// <summary>A depth-study picture: its file and what it shows.</summary>
/// <param name="File">The PNG's file name in the report directory.</param>
/// <param name="Caption">What it shows.</param>
public sealed record DepthFigure(string File, string Caption);
