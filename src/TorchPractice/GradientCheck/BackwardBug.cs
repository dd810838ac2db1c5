namespace TorchPractice.GradientCheck;

/// <summary>
/// Deliberate mistakes in the hand-written backward pass, for showing that gradient checking finds them and names
/// the tensors they reach. They are planted by <see cref="PlantedBugNetwork"/>; the reference network has none.
/// </summary>
public enum BackwardBug
{
    /// <summary>The correct backward pass.</summary>
    None,
    /// <summary>The course's two: dW2 multiplied by 2, and db1 computed with 4/m instead of 1/m (needs L ≥ 2).</summary>
    Course,
    /// <summary>ReLU's derivative taken as 1[A ≥ 0] instead of 1[A &gt; 0] at layer 1 (for ReLU: 1 everywhere; needs L ≥ 2).</summary>
    ReluDerivative,
    /// <summary>dA1 multiplied by the dropout mask but not divided by keep_prob (needs dropout).</summary>
    DropoutRescale,
    /// <summary>The λ/m·W term left out of every dW (needs L2).</summary>
    L2Forgotten,
    /// <summary>
    /// The activation's derivative dropped at the middle hidden layer l = ⌊(L+1)/2⌋ (dZ_l = dA_l): wrong from that layer
    /// down, so dW_l, db_l and every layer before it (needs L ≥ 2).
    /// </summary>
    DerivativeDropped,
}
