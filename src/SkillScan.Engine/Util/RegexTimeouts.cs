namespace SkillScan.Util;

/// <summary>
/// Counts pattern matches that ran out of their time budget on this thread (a timed-out match counts as no match).
/// A skill is analysed on one thread, so the engine resets the count before a skill and, if it grew, reports the
/// skill as incomplete: a missed match must not pass silently (nor be cached as a complete result).
/// </summary>
public static class RegexTimeouts
{
    [ThreadStatic] private static int _count;

    public static int Count => _count;

    public static void Reset() => _count = 0;

    public static void Record() => _count++;
}
