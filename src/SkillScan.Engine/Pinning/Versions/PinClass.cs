namespace SkillScan.Pinning.Versions;

/// <summary>How firmly a dependency spec fixes what gets installed. Ordered from safest to loosest.</summary>
public enum PinClass
{
    /// <summary>One version (or one commit, or one digest): the same thing every time.</summary>
    Exact,

    /// <summary>A bounded set of versions (`^1.2`, `~=1.4`, `1.x`, `>=1,<2`): new releases inside it are picked up.</summary>
    Range,

    /// <summary>A lower bound only (`>=1.0`) or only exclusions (`!=1.3`): any future major release is accepted.</summary>
    Unbounded,

    /// <summary>No version at all, `*`, or a moving tag (`latest`, `next`, a branch name).</summary>
    Floating,

    /// <summary>Not from the registry: a git ref that is not a full commit, a URL, a path outside the skill.</summary>
    NonRegistry,
}

/// <summary>The classification of one spec, with the reason in words and, when known, a version that pins it.</summary>
/// <param name="Reason">Why, for the finding message: "a caret range", "the dist-tag 'latest'".</param>
/// <param name="Floor">The lowest version the spec allows, written in full, when it is a real version (a safe pin).</param>
public sealed record SpecClass(PinClass Class, string Reason, string? Floor = null)
{
    /// <summary>For a path spec: the path, so the caller can tell a folder inside the skill from one outside it.</summary>
    public string? LocalPath { get; init; }

    /// <summary>A git source: a full commit id would pin it.</summary>
    public bool IsGit { get; init; }

    public static SpecClass Exact(string reason) => new(PinClass.Exact, reason);

    public static SpecClass Floating(string reason) => new(PinClass.Floating, reason);

    public static SpecClass NonRegistry(string reason) => new(PinClass.NonRegistry, reason);
}

/// <summary>
/// One comparator of a version constraint reduced to what matters for pinning: does it bound versions from
/// below, from above, or fix one version. Every ecosystem's parser produces these, so one classifier serves all.
/// </summary>
/// <param name="Floor">The inclusive lower bound, written as a full version, when the clause has one.</param>
/// <param name="Excludes">The clause only rules versions out (`!=1.3`).</param>
public readonly record struct BoundClause(bool Lower, bool Upper, bool Exact, string? Floor = null, bool Excludes = false)
{
    public static readonly BoundClause Any = new(false, false, false);

    public static readonly BoundClause Below = new(false, true, false);

    public static readonly BoundClause Exclusion = new(false, false, false, null, Excludes: true);

    public static BoundClause ExactVersion(string version) => new(true, true, true, version);

    public static BoundClause Between(string? floor) => new(true, true, false, floor);

    public static BoundClause AtLeast(string? floor) => new(true, false, false, floor);
}

/// <summary>Classifies a constraint written as alternatives (`||`) of intersections of clauses.</summary>
public static class ConstraintClassifier
{
    /// <param name="alternatives">At least one alternative; each a list of clauses that must all hold.</param>
    /// <param name="describe">Words for the constraint when it is a range ("a caret range").</param>
    public static SpecClass Classify(IReadOnlyList<IReadOnlyList<BoundClause>> alternatives, string describe)
    {
        var worst = PinClass.Exact;
        string? floor = null;
        var exactVersions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var clauses in alternatives)
        {
            var cls = ClassifyIntersection(clauses, out var altFloor);
            if (cls == PinClass.Exact && altFloor is not null) exactVersions.Add(altFloor);
            if (cls > worst) worst = cls;
            if (altFloor is not null && floor is null) floor = altFloor;
        }
        // Several different exact versions joined by || is a set to choose from: a range.
        if (worst == PinClass.Exact && exactVersions.Count > 1) worst = PinClass.Range;
        return worst switch
        {
            PinClass.Exact => new SpecClass(PinClass.Exact, "an exact version", floor),
            PinClass.Range => new SpecClass(PinClass.Range, describe, floor),
            PinClass.Unbounded => new SpecClass(PinClass.Unbounded,
                floor is null && alternatives.All(a => !a.Any(c => c.Lower)) ? "only exclusions, no bounds" : "a lower bound with no upper bound", floor),
            _ => new SpecClass(PinClass.Floating, "any version"),
        };
    }

    private static PinClass ClassifyIntersection(IReadOnlyList<BoundClause> clauses, out string? floor)
    {
        floor = null;
        bool lower = false, upper = false;
        foreach (var c in clauses)
        {
            if (c.Exact)
            {
                floor = c.Floor;
                return PinClass.Exact;
            }
            lower |= c.Lower;
            upper |= c.Upper;
            if (c.Lower && c.Floor is not null) floor ??= c.Floor;
        }
        if (upper) return PinClass.Range;
        if (lower) return PinClass.Unbounded;
        // Only exclusions (`!=1.3`) still accept every future release; nothing at all, or `*`, is floating.
        return clauses.Any(c => c.Excludes) ? PinClass.Unbounded : PinClass.Floating;
    }
}
