using TorchPractice.Models;

namespace TorchPractice.Comparison.Peers;

/// <summary>Which peer: the NumPy script, or the PyTorch script's hand-written or autograd implementation.</summary>
public enum PeerKind
{
    /// <summary>comparison/peers/numpy_model.py.</summary>
    NumPy,
    /// <summary>torch_model.py's hand-written backward pass.</summary>
    TorchManual,
    /// <summary>torch_model.py's autograd model.</summary>
    TorchAutograd,
}
