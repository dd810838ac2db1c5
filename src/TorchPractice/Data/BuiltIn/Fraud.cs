using TorchPractice.Random;

namespace TorchPractice.Data.BuiltIn;

/// <summary>
/// A synthetic card-transaction fraud dataset: 24 standardized features, 2.5 % fraud (label 1),
/// 5 000 training and 2 000 test transactions. It teaches what the circles cannot: with so few
/// positives, "always legitimate" already scores 97.5 % accuracy. The signal is real but partial:
/// fraud comes in two patterns (card testing: bursts of small online payments; account takeover:
/// large unusual payments from a new device, often abroad or at night), some legitimate customers
/// travel (abroad, far from home, new merchants), and three profile features carry no signal at all.
/// (A scikit-learn check on seed 1: logistic regression reaches test ROC AUC ≈ 0.93 but catches only
/// about a third of the frauds at threshold 0.5; a small MLP fits the training set almost perfectly.)
/// </summary>
public static class Fraud
{
    /// <summary>The name that selects this dataset ("fraud").</summary>
    public const string Name = "fraud";
    /// <summary>Training samples.</summary>
    public const int TrainSize = 5000;
    /// <summary>Test samples.</summary>
    public const int TestSize = 2000;
    /// <summary>The share of fraudulent (label 1) samples.</summary>
    public const double FraudRate = 0.025;
    const double TravellerRate = 0.06; // share of legitimate transactions made while travelling

    /// <summary>The 24 features, in column order.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } =
    [
        "log_amount", "hour_sin", "hour_cos", "is_night",
        "txn_count_1h", "txn_count_24h", "log_amount_to_avg_ratio", "log_minutes_since_last_txn",
        "log_distance_from_home_km", "log_distance_from_last_txn_km", "merchant_risk_score", "is_foreign",
        "is_online", "is_new_merchant", "is_new_device", "pin_used",
        "chip_used", "failed_attempts_24h", "billing_shipping_mismatch", "ip_risk_score",
        "log_card_age_days", "account_age_years", "customer_age_years", "log_avg_monthly_spend",
    ];

    /// <summary>
    /// Train then test from one NumPy stream seeded with the seed. Both are standardized with the
    /// training set's mean and standard deviation (the test set must not leak into the scaling).
    /// </summary>
    public static DataSplit Load(long seed)
    {
        if (seed < 0 || seed > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(seed), seed, "fraud: the seed must be from 0 to 2**32-1 (NumPy seeds are 0..2**32-1)");
        var random = new NumPyRandomState(seed);
        var train = MakeRaw(TrainSize, random);
        var test = MakeRaw(TestSize, random);
        var (mean, std) = ColumnStatistics(train.Features);
        return new DataSplit(Standardize(train, mean, std), Standardize(test, mean, std));
    }

    /// <summary>
    /// <paramref name="count"/> transactions in raw units (not standardized); exactly
    /// round(2.5 % of count) of them fraudulent, at random positions.
    /// </summary>
    public static Dataset MakeRaw(int count, NumPyRandomState random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "fraud: need at least one sample");
        var labels = new double[count];
        int frauds = (int)Math.Round(FraudRate * count, MidpointRounding.AwayFromZero);
        var order = random.Permutation(count);
        for (int k = 0; k < frauds; k++) labels[order[k]] = 1;

        var features = new double[count, FeatureNames.Count];
        var row = new double[FeatureNames.Count];
        for (int i = 0; i < count; i++)
        {
            Transaction(random, labels[i] == 1, row);
            for (int j = 0; j < row.Length; j++) features[i, j] = row[j];
        }
        return new Dataset(Name, features, labels, FeatureNames);
    }

    /// <summary>
    /// How one kind of transaction behaves: the distribution of each feature. Fraud and legitimate
    /// traffic differ only in these numbers, and every kind overlaps the others somewhere.
    /// </summary>
    sealed record Behaviour(
        double LogAmount, double LogAmountSd, double DaytimeShare,
        double Count1h, double Count24h,              // Poisson rates
        double LogRatio, double LogRatioSd,           // amount / the customer's average, in logs
        double LogMinutes, double LogMinutesSd,       // since the card's previous transaction
        double LogHome, double LogHomeSd, double LogLast, double LogLastSd,
        (int A, int B) MerchantRisk,                  // Beta(a, b)
        double Foreign, double Online, double NewMerchant, double NewDevice,
        double PinIfOffline, double ChipIfOffline, double FailedAttempts, double MismatchIfOnline,
        (int A, int B) IpRiskIfOnline, double LogCardAge, double LogCardAgeSd);

    static readonly Behaviour Everyday = new(
        LogAmount: 3.6, LogAmountSd: 1.0, DaytimeShare: 0.92, Count1h: 0.3, Count24h: 3.0,
        LogRatio: 0.0, LogRatioSd: 0.5, LogMinutes: 6.0, LogMinutesSd: 1.5,
        LogHome: 1.8, LogHomeSd: 1.0, LogLast: 1.5, LogLastSd: 1.0, MerchantRisk: (2, 8),
        Foreign: 0.02, Online: 0.35, NewMerchant: 0.15, NewDevice: 0.03,
        PinIfOffline: 0.6, ChipIfOffline: 0.9, FailedAttempts: 0.05, MismatchIfOnline: 0.05,
        IpRiskIfOnline: (2, 10), LogCardAge: 6.0, LogCardAgeSd: 1.0);

    // Legitimate, yet abroad, far from home and at new merchants: the false alarms.
    static readonly Behaviour Travelling = Everyday with
    {
        LogHome = 6.5, LogLast = 5.0, LogLastSd = 1.5, Foreign = 0.8, NewMerchant = 0.7, NewDevice = 0.1,
    };

    // Stolen card numbers tried out with bursts of small, mostly online payments.
    static readonly Behaviour CardTesting = new(
        LogAmount: 1.5, LogAmountSd: 0.8, DaytimeShare: 0.65, Count1h: 1.3, Count24h: 4.5,
        LogRatio: -0.8, LogRatioSd: 0.7, LogMinutes: 4.2, LogMinutesSd: 1.8,
        LogHome: 2.5, LogHomeSd: 1.5, LogLast: 2.0, LogLastSd: 1.5, MerchantRisk: (3, 7),
        Foreign: 0.1, Online: 0.75, NewMerchant: 0.45, NewDevice: 0.15,
        PinIfOffline: 0.15, ChipIfOffline: 0.25, FailedAttempts: 0.6, MismatchIfOnline: 0.15,
        IpRiskIfOnline: (3, 8), LogCardAge: 5.5, LogCardAgeSd: 1.2);

    // A taken-over account: larger, unusual payments, often from a new device, abroad or at night.
    static readonly Behaviour Takeover = new(
        LogAmount: 4.5, LogAmountSd: 1.1, DaytimeShare: 0.65, Count1h: 0.5, Count24h: 3.5,
        LogRatio: 0.7, LogRatioSd: 0.7, LogMinutes: 5.5, LogMinutesSd: 2.0,
        LogHome: 3.5, LogHomeSd: 2.0, LogLast: 3.0, LogLastSd: 2.0, MerchantRisk: (2, 7),
        Foreign: 0.25, Online: 0.5, NewMerchant: 0.4, NewDevice: 0.35,
        PinIfOffline: 0.2, ChipIfOffline: 0.5, FailedAttempts: 0.25, MismatchIfOnline: 0.2,
        IpRiskIfOnline: (3, 8), LogCardAge: 5.8, LogCardAgeSd: 1.2);

    /// <summary>Picks the kind of transaction, then draws its features (always in the same order).</summary>
    static void Transaction(NumPyRandomState r, bool fraud, double[] f)
    {
        var b = fraud
            ? (r.RandomSample() < 0.5 ? CardTesting : Takeover)
            : (r.RandomSample() < TravellerRate ? Travelling : Everyday);
        // Daytime hours centre on 14:00; the rest fall uniformly in the night, 0:00-6:00.
        double hour = r.RandomSample() < b.DaytimeShare ? Math.Clamp(r.Normal(14.0, 3.5), 6.0, 23.99) : 6.0 * r.RandomSample();
        double angle = 2 * Math.PI * hour / 24;
        double count1h = Poisson(r, b.Count1h);
        bool online = Bernoulli(r, b.Online);
        f[0] = r.Normal(b.LogAmount, b.LogAmountSd);           // log_amount
        f[1] = Math.Sin(angle);                                  // hour_sin, hour_cos: 23:59 is next to 0:00
        f[2] = Math.Cos(angle);
        f[3] = hour < 6 ? 1 : 0;                                 // is_night
        f[4] = count1h;                                          // txn_count_1h
        f[5] = count1h + Poisson(r, b.Count24h);                 // txn_count_24h includes the last hour
        f[6] = r.Normal(b.LogRatio, b.LogRatioSd);
        f[7] = r.Normal(b.LogMinutes, b.LogMinutesSd);
        f[8] = r.Normal(b.LogHome, b.LogHomeSd);
        f[9] = r.Normal(b.LogLast, b.LogLastSd);
        f[10] = Beta(r, b.MerchantRisk.A, b.MerchantRisk.B);
        f[11] = Flag(Bernoulli(r, b.Foreign));
        f[12] = Flag(online);
        f[13] = Flag(Bernoulli(r, b.NewMerchant));
        f[14] = Flag(Bernoulli(r, b.NewDevice));
        // A PIN or chip exists only at a terminal; an IP address and a shipping address only online.
        f[15] = Flag(!online && Bernoulli(r, b.PinIfOffline));
        f[16] = Flag(!online && Bernoulli(r, b.ChipIfOffline));
        f[17] = Poisson(r, b.FailedAttempts);
        f[18] = Flag(online && Bernoulli(r, b.MismatchIfOnline));
        f[19] = online ? Beta(r, b.IpRiskIfOnline.A, b.IpRiskIfOnline.B) : 0.0;
        f[20] = r.Normal(b.LogCardAge, b.LogCardAgeSd);
        // The customer's profile: the same for fraud and legitimate traffic (no signal).
        f[21] = 0.5 + 12 * r.RandomSample();                     // account_age_years
        f[22] = Math.Clamp(r.Normal(45, 15), 18, 90);            // customer_age_years
        f[23] = r.Normal(7.0, 0.6);                              // log_avg_monthly_spend
    }

    static double Flag(bool value) => value ? 1 : 0;

    static bool Bernoulli(NumPyRandomState r, double p) => r.RandomSample() < p;

    /// <summary>Poisson by multiplying uniforms until the product drops below e^-λ (fine for small λ).</summary>
    static double Poisson(NumPyRandomState r, double lambda)
    {
        double limit = Math.Exp(-lambda), product = r.RandomSample();
        int k = 0;
        while (product > limit) { k++; product *= r.RandomSample(); }
        return k;
    }

    /// <summary>A Beta(a, b) value for whole a, b: the a-th smallest of a + b - 1 uniforms.</summary>
    static double Beta(NumPyRandomState r, int a, int b)
    {
        var u = new double[a + b - 1];
        for (int i = 0; i < u.Length; i++) u[i] = r.RandomSample();
        Array.Sort(u);
        return u[a - 1];
    }

    static (double[] Mean, double[] Std) ColumnStatistics(double[,] x)
    {
        int n = x.GetLength(0), d = x.GetLength(1);
        var mean = new double[d];
        var std = new double[d];
        for (int j = 0; j < d; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += x[i, j];
            mean[j] = sum / n;
            double squares = 0;
            for (int i = 0; i < n; i++) squares += (x[i, j] - mean[j]) * (x[i, j] - mean[j]);
            std[j] = Math.Sqrt(squares / n);
            if (std[j] == 0) std[j] = 1; // a constant column stays 0 instead of dividing by zero
        }
        return (mean, std);
    }

    static Dataset Standardize(Dataset raw, double[] mean, double[] std)
    {
        var x = new double[raw.Count, raw.FeatureCount];
        for (int i = 0; i < raw.Count; i++)
            for (int j = 0; j < raw.FeatureCount; j++)
                x[i, j] = (raw.Features[i, j] - mean[j]) / std[j];
        return new Dataset(raw.Name, x, (double[])raw.Labels.Clone(), raw.FeatureNames);
    }
}
