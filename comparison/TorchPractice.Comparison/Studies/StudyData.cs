using TorchPractice.Data;
using TorchPractice.Training;
using static TorchSharp.torch;

namespace TorchPractice.Comparison.Studies;

/// <summary>A dataset's tensors on the device, in the course layout, and the grid for boundary pictures.</summary>
public sealed class StudyData : IDisposable
{
    /// <summary><paramref name="gridPoints"/> ≤ 0: no boundary grid.</summary>
    public StudyData(DataSplit split, Device device, int gridPoints)
    {
        Split = split;
        (XTrain, YTrain) = split.Train.ToTensors(device, float64);
        (XTest, YTest) = split.Test.ToTensors(device, float64);
        if (split.Dev is not null) (XDev, YDev) = split.Dev.ToTensors(device, float64);
        if (split.Train.FeatureCount == 2 && gridPoints > 0) Grid = BoundaryGrid.Around(split.Train, gridPoints, device);
    }

    /// <summary>The data.</summary>
    public DataSplit Split { get; }
    /// <summary>Training inputs, (n_x, m).</summary>
    public Tensor XTrain { get; }
    /// <summary>Training labels, (1, m).</summary>
    public Tensor YTrain { get; }
    /// <summary>Test inputs.</summary>
    public Tensor XTest { get; }
    /// <summary>Test labels.</summary>
    public Tensor YTest { get; }
    /// <summary>Null without a dev set.</summary>
    public Tensor? XDev { get; }
    /// <summary>Dev labels (null without a dev set).</summary>
    public Tensor? YDev { get; }
    /// <summary>Null unless the data has exactly two features.</summary>
    public BoundaryGrid? Grid { get; }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        XTrain.Dispose(); YTrain.Dispose(); XTest.Dispose(); YTest.Dispose(); XDev?.Dispose(); YDev?.Dispose(); Grid?.Dispose();
    }
}
