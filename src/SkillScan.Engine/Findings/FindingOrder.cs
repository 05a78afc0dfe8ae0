namespace SkillScan.Findings;

/// <summary>Deduplicates and orders findings so that output is deterministic whatever the thread count.</summary>
public static class FindingOrder
{
    public static List<Finding> Normalize(IEnumerable<Finding> findings)
    {
        var seen = new HashSet<(string, string, int, int, int, int, string)>();
        var result = new List<Finding>();
        foreach (var f in findings.OrderBy(f => f, Comparer))
        {
            var loc = f.Location;
            var key = (f.Rule.Id, loc.RepoPath, loc.Region.StartLine, loc.Region.StartColumn, loc.Region.EndLine, loc.Region.EndColumn, f.Message);
            if (seen.Add(key)) result.Add(f);
        }
        return result;
    }

    public static readonly IComparer<Finding> Comparer = Comparer<Finding>.Create((a, b) =>
    {
        var la = a.Location;
        var lb = b.Location;
        var c = string.CompareOrdinal(la.RepoPath, lb.RepoPath);
        if (c != 0) return c;
        c = la.Region.StartLine.CompareTo(lb.Region.StartLine);
        if (c != 0) return c;
        c = la.Region.StartColumn.CompareTo(lb.Region.StartColumn);
        if (c != 0) return c;
        c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        if (c != 0) return c;
        c = la.Region.EndLine.CompareTo(lb.Region.EndLine);
        if (c != 0) return c;
        c = la.Region.EndColumn.CompareTo(lb.Region.EndColumn);
        return c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
    });
}
