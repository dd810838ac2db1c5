namespace TorchPractice.Comparison.Studies;

/// <summary>One thing the depth study's numbers show: a claim, whether it held, and the one or two numbers behind it.</summary>
/// <param name="Claim">What is claimed, e.g. "He trains ReLU nets at every depth" (the course's).</param>
/// <param name="Verdict">"holds", "holds here, not everywhere", "not shown" or "fails".</param>
/// <param name="Evidence">The numbers, in a line.</param>
public sealed record DepthFinding(string Claim, string Verdict, string Evidence);
