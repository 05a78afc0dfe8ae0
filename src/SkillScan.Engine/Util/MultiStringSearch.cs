namespace SkillScan.Util;

/// <summary>
/// Every occurrence of any of a set of strings in a text, in one pass over the text (Aho–Corasick): the cost is the
/// text's length plus the occurrences, whatever the number of strings. Add the strings, then search.
/// </summary>
public sealed class MultiStringSearch
{
    private readonly List<Dictionary<char, int>> _next = [new()];
    private readonly List<int> _fail = [0];
    private readonly List<int> _word = [-1];
    private readonly List<int> _dictionaryLink = [-1];
    private readonly List<int> _lengths = [];
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private bool _built;

    /// <summary>How many distinct strings were added.</summary>
    public int Count => _ids.Count;

    /// <summary>Adds a string (once; adding it again returns the same id). Not after the first search.</summary>
    public int Add(string word)
    {
        if (_built) throw new InvalidOperationException("strings are added before the first search");
        if (_ids.TryGetValue(word, out var id)) return id;
        var node = 0;
        foreach (var c in word)
        {
            if (!_next[node].TryGetValue(c, out var child))
            {
                child = _next.Count;
                _next.Add(new Dictionary<char, int>());
                _fail.Add(0);
                _word.Add(-1);
                _dictionaryLink.Add(-1);
                _next[node][c] = child;
            }
            node = child;
        }
        id = _lengths.Count;
        _lengths.Add(word.Length);
        _word[node] = id;
        _ids[word] = id;
        return id;
    }

    /// <summary>The length of the string with this id.</summary>
    public int LengthOf(int id) => _lengths[id];

    /// <summary>The id of a string added before, or -1.</summary>
    public int IdOf(string word) => _ids.TryGetValue(word, out var id) ? id : -1;

    /// <summary>
    /// (start, id) of every occurrence in <paramref name="text"/>, ordered by end. The empty string is never found.
    /// </summary>
    public IEnumerable<(int Start, int Id)> Find(string text)
    {
        Build();
        var node = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int child;
            while (!_next[node].TryGetValue(c, out child) && node != 0) node = _fail[node];
            node = _next[node].TryGetValue(c, out child) ? child : 0;
            for (var n = _word[node] >= 0 ? node : _dictionaryLink[node]; n > 0; n = _dictionaryLink[n])
            {
                var id = _word[n];
                yield return (i + 1 - _lengths[id], id);
            }
        }
    }

    private void Build()
    {
        if (_built) return;
        _built = true;
        var queue = new Queue<int>();
        foreach (var child in _next[0].Values)
        {
            _fail[child] = 0;
            queue.Enqueue(child);
        }
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (c, child) in _next[node])
            {
                var f = _fail[node];
                int target;
                while (!_next[f].TryGetValue(c, out target) && f != 0) f = _fail[f];
                _fail[child] = _next[f].TryGetValue(c, out target) && target != child ? target : 0;
                var link = _fail[child];
                _dictionaryLink[child] = _word[link] >= 0 ? link : _dictionaryLink[link];
                queue.Enqueue(child);
            }
        }
    }
}
