namespace TorchPractice.Models.Scratch;

/// <summary>Deliberate mistakes in the hand-written backward pass, for showing that gradient checking finds them.</summary>
public enum BackwardBug
{
    /// <summary>The correct backward pass.</summary>
    None,
    /// <summary>The course's two: dW2 multiplied by 2, and db1 computed with 4/m instead of 1/m.</summary>
    Course,
    /// <summary>ReLU derivative taken as 1[A ≥ 0] (1 everywhere) at layer 1.</summary>
    ReluDerivative,
    /// <summary>dA1 multiplied by the dropout mask but not divided by keep_prob.</summary>
    DropoutRescale,
    /// <summary>The λ/m·W term left out of every dW.</summary>
    L2Forgotten,
}
