namespace TorchPractice.Training;

/// <summary>Learning-rate decay as week 2's assignment writes it.</summary>
public enum DecayKind
{
    /// <summary>α stays α0.</summary>
    None,
    /// <summary>update_lr: α = 1 / (1 + decay_rate · epoch) · α0.</summary>
    Inverse,
    /// <summary>schedule_lr_decay: α = 1 / (1 + decay_rate · ⌊epoch / time_interval⌋) · α0.</summary>
    Scheduled,
}
