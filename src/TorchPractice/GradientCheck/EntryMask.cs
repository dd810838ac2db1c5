namespace TorchPractice.GradientCheck;

/// <summary>
/// Special entries of one tensor for the diagnosis, e.g. the weights of units whose pre-activation is exactly 0 on
/// some sample: when a gradient differs only at entries of the mask, the <see cref="Diagnosis"/> says so with
/// <paramref name="Description"/> ("differs only at 12 entries, all where the pre-activation is exactly 0").
/// </summary>
/// <param name="Tensor">The tensor's name.</param>
/// <param name="Mask">One flag per entry, row-major (the tensor's element count): true = special.</param>
/// <param name="Description">What the special entries are, completing "all where …".</param>
public sealed record EntryMask(string Tensor, bool[] Mask, string Description);
