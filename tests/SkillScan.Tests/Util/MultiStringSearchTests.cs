using SkillScan.Util;

namespace SkillScan.Tests.Util;

public sealed class MultiStringSearchTests
{
    [Fact]
    public void FindsEveryOccurrenceOfEveryStringLikeANaiveSearch()
    {
        var random = new Random(5);
        for (var round = 0; round < 200; round++)
        {
            var words = Enumerable.Range(0, random.Next(1, 12)).Select(_ => Word(random, random.Next(1, 6))).Distinct().ToList();
            var text = Word(random, random.Next(0, 80));
            var search = new MultiStringSearch();
            foreach (var w in words) search.Add(w);

            var found = search.Find(text).Select(m => (m.Start, Word: words[m.Id])).Order().ToList();

            var expected = words.SelectMany(w => Enumerable.Range(0, Math.Max(0, text.Length - w.Length + 1))
                .Where(i => string.CompareOrdinal(text, i, w, 0, w.Length) == 0).Select(i => (Start: i, Word: w))).Order().ToList();
            Assert.Equal(expected, found);
        }
    }

    [Fact]
    public void IdsAreStableAndLengthsKnown()
    {
        var search = new MultiStringSearch();
        var a = search.Add("/tmp/x");
        Assert.Equal(a, search.Add("/tmp/x"));
        var b = search.Add("/tmp");
        Assert.Equal(2, search.Count);
        Assert.Equal(b, search.IdOf("/tmp"));
        Assert.Equal(-1, search.IdOf("/var"));
        Assert.Equal(6, search.LengthOf(a));
        Assert.Equal([(5, b), (5, a)], search.Find("curl /tmp/x").Select(m => (m.Start, m.Id)).OrderBy(m => m.Id == a).ToList());
    }

    // A small alphabet, so words overlap and repeat.
    private static string Word(Random random, int length) => new(Enumerable.Range(0, length).Select(_ => "ab/c"[random.Next(4)]).ToArray());
}
