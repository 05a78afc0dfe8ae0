using System.Numerics;
using System.Text;
using SkillScan.Policy;

namespace SkillScan.Tests.Policy;

public sealed class LineHashTests
{
    // Vectors from linehash_reference.py (beside this file): an independent implementation written from the
    // definition (each line's 100-character window hashed directly), not from the rolling window.
    [Theory]
    [InlineData("a", new[] { "53b5d4aabe50d64:1" })]
    [InlineData("", new[] { "c129715d7a2bc9a3:1" })]
    [InlineData("a\nb\n", new[] { "81b8d8db678b2bbe:1", "ade70578248be16f:1", "c129715d7a2bc9a3:1" })]
    [InlineData("x = 1\n  x = 1\n\tx=1", new[] { "bdc556faf577e919:1", "b6e86ff8baa3b05d:1", "d38b34bb229aa761:1" })]
    [InlineData("x = 1\r\n  x = 1\r\n\tx=1", new[] { "bdc556faf577e919:1", "b6e86ff8baa3b05d:1", "d38b34bb229aa761:1" })]
    [InlineData("x = 1\r  x = 1\r\tx=1", new[] { "bdc556faf577e919:1", "b6e86ff8baa3b05d:1", "d38b34bb229aa761:1" })]
    [InlineData("\ufeffa\nb\n", new[] { "8fff498b8a070609:1", "ade70578248be16f:1", "c129715d7a2bc9a3:1" })]
    [InlineData("é = \"😀\"\nok\n", new[] { "f3ddecaf85222998:1", "ddf15aa47bfe89f7:1", "c129715d7a2bc9a3:1" })]
    public void MatchesReferenceVectors(string text, string[] expected)
    {
        Assert.Equal(expected, LineHash.Compute(text));
    }

    [Fact]
    public void LineLongerThanTheWindowIsCutAtOneHundredCharacters()
    {
        var hashes = LineHash.Compute(new string('y', 150) + "\nz\n");
        Assert.Equal(["cadd4b5b9d92c51c:1", "95de0951c928fa27:1", "c129715d7a2bc9a3:1"], hashes);
        // Only the first 100 kept characters count: a longer run of the same character changes nothing.
        Assert.Equal("cadd4b5b9d92c51c:1", LineHash.Compute(new string('y', 400) + "\nz\n")[0]);
    }

    [Fact]
    public void IdenticalWindowsAreNumberedByOccurrence()
    {
        var hashes = LineHash.Compute(string.Concat(Enumerable.Repeat("x\n", 60)));
        Assert.Equal(61, hashes.Count);
        for (var i = 0; i < 11; i++) Assert.Equal($"c0fe7b2700d6c254:{i + 1}", hashes[i]);
        Assert.Equal("c0fe7b2700fbb0cd:1", hashes[11]);
        Assert.Equal("c129715d7a2bc9a3:1", hashes[60]);
    }

    [Fact]
    public void SingleCharacterFileMatchesTheFormulaWorkedByHand()
    {
        // "a" keeps 'a' (97) then the end sentinel 65535, zero-padded: 97·37^99 + 65535·37^98 mod 2^64.
        var value = (97 * BigInteger.Pow(37, 99) + 65535 * BigInteger.Pow(37, 98)) % BigInteger.Pow(2, 64);
        Assert.Equal(value.ToString("x").TrimStart('0') + ":1", LineHash.Compute("a")[0]);
    }

    [Fact]
    public void FileBytesAreReadAsUtf8KeepingTheBom()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a\nb\n")).ToArray();
        Assert.Equal(LineHash.Compute("\ufeffa\nb\n"), LineHash.ForFile(bytes));
    }

    [Fact]
    public void UnrelatedLinesInsertedAboveDoNotChangeAFindingsHash()
    {
        var code = "import os\n\nsecret = os.environ['TOKEN']\nrequests.post(URL, data=secret)\nprint('done')\n";
        var edited = "# a new header comment\nimport sys\n\n" + code;
        var before = LineHash.Compute(code);
        var after = LineHash.Compute(edited);
        // The finding moves from line 4 to line 7; its hash stays.
        Assert.Equal(before[3], after[6]);
        Assert.Equal(before[2], after[5]);
    }

    [Fact]
    public void ChangingIndentationOrLineEndingsDoesNotChangeTheHash()
    {
        var lf = LineHash.Compute("if x:\n    run(y)\n");
        var crlfTabs = LineHash.Compute("if x:\r\n\trun(y)\r\n");
        Assert.Equal(lf, crlfTabs);
    }

    [Fact]
    public void EditingTheLineChangesItsHash()
    {
        Assert.NotEqual(LineHash.Compute("run(y)\n")[0], LineHash.Compute("run(z)\n")[0]);
    }
}
