using System.Collections.Concurrent;

namespace SkillScan.Util;

/// <summary>
/// A thread-safe memo of a pure function's answers, bounded: when it holds <c>capacity</c> entries it starts over,
/// so hostile input with endless distinct keys costs memory of one table at most. The function is given once, at
/// construction: passing it on each lookup (`memo.GetOrAdd(key, _regex.IsMatch)`) made a new delegate every time.
/// </summary>
public sealed class MemoTable<TKey, TValue>(int capacity, Func<TKey, TValue> compute) where TKey : notnull
{
    private ConcurrentDictionary<TKey, TValue> _answers = new();

    public TValue Get(TKey key)
    {
        var answers = _answers;
        if (answers.TryGetValue(key, out var value)) return value;
        var timeouts = RegexTimeouts.Count;
        value = compute(key);
        if (RegexTimeouts.Count != timeouts) return value; // an answer from a timed-out match is not an answer to keep
        if (answers.Count >= capacity)
        {
            answers = new ConcurrentDictionary<TKey, TValue>();
            _answers = answers;
        }
        answers[key] = value;
        return value;
    }
}
