using TorchPractice.Models;
using TorchPractice.Runtime;

namespace TorchPractice.Comparison.Studies;

/// <summary>The studies of `torchpractice compare`.</summary>
public enum StudyKind { Init, Reg, GradCheck, Depth }
