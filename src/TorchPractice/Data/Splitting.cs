using TorchPractice.Random;

namespace TorchPractice.Data;

/// <summary>
/// Seeded train/test and train/dev/test splits. A two-way split is the same split as scikit-learn 1.2's
/// <c>train_test_split(X, y, test_size=testFraction, random_state=seed, stratify=y if stratified else None)</c>,
/// rows in the same order: a NumPy RandomState seeded with the seed drives every choice. A dev set is carved out of
/// the training part by a second such call on it (same seed), as the course's "train / dev / test" asks: the dev set
/// comes from the data the model may learn from, and the test set stays untouched by any choice.
/// </summary>
public static class Splitting
{
    /// <summary>
    /// Splits <paramref name="all"/> into train and test. The test part has ceil(testFraction * n) samples.
    /// Stratified keeps each class's share in both parts (to within one sample per class).
    /// </summary>
    public static DataSplit TrainTest(Dataset all, double testFraction, long seed, bool stratified)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, $"{all.Name}: the test fraction must lie strictly between 0 and 1");
        var (train, test) = Split(all, testFraction, seed, stratified, "test");
        return new DataSplit(train, test);
    }

    /// <summary>
    /// Splits <paramref name="all"/> into train, dev and test: first test (a share <paramref name="testFraction"/> of
    /// everything, as <see cref="TrainTest"/>), then dev (a share <paramref name="devFraction"/> of what is left, as
    /// <see cref="CarveDev"/>). Both steps use the same seed; this is scikit-learn's <c>train_test_split</c> applied twice.
    /// </summary>
    public static DataSplit TrainDevTest(Dataset all, double devFraction, double testFraction, long seed, bool stratified) =>
        CarveDev(TrainTest(all, testFraction, seed, stratified), devFraction, seed, stratified);

    /// <summary>
    /// Carves a dev set out of <paramref name="split"/>'s training part, leaving its test part as it is:
    /// <c>train_test_split(X_train, y_train, test_size=devFraction, random_state=seed, stratify=y_train if stratified else None)</c>.
    /// The dev part has ceil(devFraction * n_train) samples. Throws if <paramref name="split"/> already has a dev set.
    /// </summary>
    public static DataSplit CarveDev(DataSplit split, double devFraction, long seed, bool stratified)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (split.Dev is not null)
            throw new ArgumentException($"{split.Train.Name}: the split already has a dev set ({split.Dev.Count} samples)", nameof(split));
        if (!(devFraction > 0 && devFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(devFraction), devFraction, $"{split.Train.Name}: the dev fraction must lie strictly between 0 and 1");
        var (train, dev) = Split(split.Train, devFraction, seed, stratified, "dev");
        return new DataSplit(train, split.Test, dev);
    }

    static (Dataset Kept, Dataset HeldOut) Split(Dataset all, double fraction, long seed, bool stratified, string heldOut)
    {
        if (seed < 0 || seed > uint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(seed), seed, $"{all.Name}: the seed must be from 0 to 2**32-1 (NumPy seeds)");
        int n = all.Count;
        int nHeld = (int)Math.Ceiling(fraction * n);
        int nKept = n - nHeld;
        if (nHeld == 0 || nKept == 0)
            throw new ArgumentException($"{all.Name}: {n} samples with {heldOut} fraction {fraction} leave the {(nKept == 0 ? "train" : heldOut)} part empty");

        var random = new NumPyRandomState(seed);
        var (kept, held) = stratified
            ? StratifiedIndices(all, nKept, nHeld, random, heldOut)
            : ShuffledIndices(n, nKept, nHeld, random);
        return (Take(all, kept), Take(all, held));
    }

    /// <summary>sklearn's ShuffleSplit: one permutation; the test part first, the train part after it.</summary>
    static (int[] Train, int[] Test) ShuffledIndices(int n, int nTrain, int nTest, NumPyRandomState random)
    {
        var permutation = random.Permutation(n);
        return (permutation[nTest..(nTest + nTrain)], permutation[..nTest]);
    }

    /// <summary>sklearn's StratifiedShuffleSplit (one split), step for step so that the draws line up.</summary>
    static (int[] Train, int[] Test) StratifiedIndices(Dataset all, int nTrain, int nTest, NumPyRandomState random, string heldOut)
    {
        // Classes in sorted order; each class's sample indices in increasing order (a stable argsort).
        var classes = all.Labels.Distinct().Order().ToArray();
        var classIndices = classes.Select(c => Enumerable.Range(0, all.Count).Where(i => all.Labels[i] == c).ToArray()).ToArray();
        var counts = classIndices.Select(ix => ix.Length).ToArray();
        int least = counts.Min();
        if (least < 2)
            throw new ArgumentException($"{all.Name}: a stratified split needs at least 2 samples of every class; class {classes[Array.IndexOf(counts, least)]} has {least}");
        if (nTrain < classes.Length || nTest < classes.Length)
            throw new ArgumentException($"{all.Name}: a stratified split needs at least one sample of each of the {classes.Length} classes in each part; the parts have {nTrain} (train) and {nTest} ({heldOut}) samples");

        var trainPerClass = ApproximateMode(counts, nTrain, random);
        var remaining = counts.Select((c, i) => c - trainPerClass[i]).ToArray();
        var testPerClass = ApproximateMode(remaining, nTest, random);

        var train = new List<int>();
        var test = new List<int>();
        for (int k = 0; k < classes.Length; k++)
        {
            var shuffled = random.Permutation(counts[k]).Select(p => classIndices[k][p]).ToArray();
            train.AddRange(shuffled[..trainPerClass[k]]);
            test.AddRange(shuffled[trainPerClass[k]..(trainPerClass[k] + testPerClass[k])]);
        }
        // Mix the classes: np.random.permutation(list) shuffles a copy.
        var trainArray = train.ToArray();
        random.Shuffle(trainArray);
        var testArray = test.ToArray();
        random.Shuffle(testArray);
        return (trainArray, testArray);
    }

    /// <summary>
    /// sklearn.utils._approximate_mode: how many of <paramref name="draws"/> each class gets, in proportion
    /// to its count; the left-over samples go to the largest remainders, ties broken at random.
    /// </summary>
    static int[] ApproximateMode(int[] counts, int draws, NumPyRandomState random)
    {
        double total = counts.Sum();
        var continuous = counts.Select(c => c / total * draws).ToArray();
        var floored = continuous.Select(Math.Floor).ToArray();
        int needToAdd = (int)(draws - floored.Sum());
        if (needToAdd > 0)
        {
            var remainder = continuous.Select((c, i) => c - floored[i]).ToArray();
            foreach (var value in remainder.Distinct().OrderDescending())
            {
                var tied = Enumerable.Range(0, remainder.Length).Where(i => remainder[i] == value).ToArray();
                int addNow = Math.Min(tied.Length, needToAdd);
                // rng.choice(tied, addNow, replace=False) = the first addNow of a permutation.
                foreach (var p in random.Permutation(tied.Length)[..addNow]) floored[tied[p]] += 1;
                needToAdd -= addNow;
                if (needToAdd == 0) break;
            }
        }
        return floored.Select(f => (int)f).ToArray();
    }

    static Dataset Take(Dataset all, int[] rows)
    {
        var features = new double[rows.Length, all.FeatureCount];
        var labels = new double[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < all.FeatureCount; j++) features[i, j] = all.Features[rows[i], j];
            labels[i] = all.Labels[rows[i]];
        }
        return new Dataset(all.Name, features, labels, all.FeatureNames);
    }
}
