namespace TorchPractice.Tests;

/// <summary>
/// Tests that seed or draw from libtorch's process-wide generator (nn.Dropout, torch.rand without a
/// generator) run alone: another test drawing at the same time would change their stream.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchGenerator
{
    public const string Name = "libtorch global generator";
}
