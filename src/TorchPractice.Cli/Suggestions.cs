namespace TorchPractice.Cli;

/// <summary>"Did you mean …?" for a misspelt command or option: the closest known name within a few edits.</summary>
static class Suggestions
{
    /// <summary>The known name nearest to <paramref name="typed"/>, or null when none is within a third of its length (at least one edit).</summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        int limit = Math.Max(1, typed.Length / 3);
        return known.Select(k => (Name: k, Distance: Distance(typed, k)))
            .Where(c => c.Distance <= limit)
            // On a tie the name of the typed length wins: "--bet1a" is --beta1 with two letters swapped, not --beta and a stray 1.
            .OrderBy(c => c.Distance).ThenBy(c => Math.Abs(c.Name.Length - typed.Length)).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name).FirstOrDefault();
    }

    /// <summary>Edits (insert, delete, substitute, swap two neighbours) that turn one name into the other.</summary>
    static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1); // "lamdb" → "lambd" is one slip, not two
            }
        return d[a.Length, b.Length];
    }
}
