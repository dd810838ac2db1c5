using TorchPractice.Data;
using TorchPractice.Data.BuiltIn;
using TorchPractice.Random;
using TorchPractice.Tests.Random;

namespace TorchPractice.Tests.Data.BuiltIn;

public sealed class FraudTests
{
    [Fact]
    public void Has_the_stated_sizes_features_and_fraud_rate()
    {
        Assert.True(BuiltInDatasets.TryLoad("fraud", BuiltInDatasets.DefaultSeed, out var split));
        Assert.Equal((5000, 24), (split.Train.Count, split.Train.FeatureCount));
        Assert.Equal((2000, 24), (split.Test.Count, split.Test.FeatureCount));
        Assert.Equal(Fraud.FeatureNames, split.Train.FeatureNames);
        Assert.Equal(24, Fraud.FeatureNames.Distinct().Count());
        Assert.Equal(125, split.Train.Labels.Count(l => l == 1)); // 2.5 %
        Assert.Equal(50, split.Test.Labels.Count(l => l == 1));
        Assert.All(split.Train.Labels.Concat(split.Test.Labels), l => Assert.True(l is 0 or 1));
    }

    [Fact]
    public void Training_features_are_standardized_and_the_test_set_uses_the_training_scaling()
    {
        var split = Fraud.Load(3);
        var raw = new NumPyRandomState(3);
        var rawTrain = Fraud.MakeRaw(Fraud.TrainSize, raw);
        var rawTest = Fraud.MakeRaw(Fraud.TestSize, raw);
        for (int j = 0; j < split.Train.FeatureCount; j++)
        {
            var column = Column(split.Train.Features, j);
            double mean = column.Average();
            double std = Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
            Assert.Equal(0.0, mean, 1e-12);
            Assert.Equal(1.0, std, 1e-12);
            // The test set is mapped by the same affine map: two test values fix it, a third must agree.
            var rawCol = Column(rawTrain.Features, j);
            double rawMean = rawCol.Average(), rawStd = Math.Sqrt(rawCol.Select(v => (v - rawMean) * (v - rawMean)).Average());
            for (int i = 0; i < 5; i++)
                Assert.Equal((rawTest.Features[i, j] - rawMean) / rawStd, split.Test.Features[i, j], 1e-9);
        }
        Assert.Equal(rawTest.Labels, split.Test.Labels);
    }

    [Fact]
    public void Fraud_differs_from_legitimate_traffic_in_the_signal_features_only()
    {
        var train = Fraud.Load(1).Train;
        double Gap(string name)
        {
            int j = Fraud.FeatureNames.ToList().IndexOf(name);
            var fraud = Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == 1).Select(i => train.Features[i, j]).Average();
            var legit = Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == 0).Select(i => train.Features[i, j]).Average();
            return fraud - legit; // in standard deviations
        }
        Assert.True(Gap("txn_count_1h") > 0.5);
        Assert.True(Gap("is_new_device") > 0.5);
        Assert.True(Gap("failed_attempts_24h") > 0.5);
        Assert.True(Gap("pin_used") < -0.3);
        // Profile features carry no signal (125 frauds: the mean gap's noise is ~0.09 sd).
        Assert.InRange(Gap("customer_age_years"), -0.3, 0.3);
        Assert.InRange(Gap("log_avg_monthly_spend"), -0.3, 0.3);
    }

    [Fact]
    public void Same_seed_is_bit_identical_and_another_seed_differs()
    {
        var a = Fraud.Load(8);
        var b = Fraud.Load(8);
        NumPyFixtures.AssertBitEqual(CirclesTests.Flatten(a.Train.Features), CirclesTests.Flatten(b.Train.Features), "train X");
        NumPyFixtures.AssertBitEqual(CirclesTests.Flatten(a.Test.Features), CirclesTests.Flatten(b.Test.Features), "test X");
        Assert.Equal(a.Train.Labels, b.Train.Labels);
        Assert.NotEqual(a.Train.Labels, Fraud.Load(9).Train.Labels);
    }

    static double[] Column(double[,] x, int j) => Enumerable.Range(0, x.GetLength(0)).Select(i => x[i, j]).ToArray();
}
