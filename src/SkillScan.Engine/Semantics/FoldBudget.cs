namespace SkillScan.Semantics;

/// <summary>
/// How many characters an evaluator may copy into folded strings for one document: concatenations, joins, case
/// changes, decodings. Without it a few lines of `a="$a$a"` and then 20,000 lines of `echo "$a"x` build 20,000
/// half-megabyte strings (a 290 KB script took 15.8 GB and a minute; the same in C# 17.5 GB). Results shorter than
/// <see cref="Free"/> characters are always allowed (they cost little more than the source that asks for them); longer
/// ones draw on the budget, and once it is spent they are not built: the value is unknown, its taint kept.
/// </summary>
public sealed class FoldBudget
{
    /// <summary>Results shorter than this cost nothing.</summary>
    public const int Free = 64;

    /// <summary>Characters every document may build, on top of four times its own length.</summary>
    public const long Base = 8_000_000;

    private long _left;

    public FoldBudget(int documentLength)
    {
        _left = Base + 4L * documentLength;
    }

    /// <summary>Whether a string of this many characters may be built (and if so, takes them from the budget).</summary>
    public bool Spend(long chars)
    {
        if (chars < Free) return true;
        if (chars > _left) return false;
        _left -= chars;
        return true;
    }
}
