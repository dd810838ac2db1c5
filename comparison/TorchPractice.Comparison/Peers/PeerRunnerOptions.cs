using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace TorchPractice.Comparison.Peers;

/// <summary>How the peers are started: the interpreter, the scripts, the time limits.</summary>
public sealed record PeerRunnerOptions
{
    /// <summary>The interpreter. Null: /usr/bin/python3 where it exists (Debian's, with its numpy), else python3 or python on PATH.</summary>
    public string? PythonPath { get; init; }
    /// <summary>Where numpy_model.py and torch_model.py are. Null: peers/ next to this assembly.</summary>
    public string? ScriptDirectory { get; init; }
    /// <summary>Longest a peer run may take before it is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(30);
    /// <summary>Longest the availability check (python -c "import numpy/torch") may take.</summary>
    public TimeSpan DetectionTimeout { get; init; } = TimeSpan.FromMinutes(1);
}
