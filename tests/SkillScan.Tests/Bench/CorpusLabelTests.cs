using SkillScan.Bench;
using SkillScan.Model;
using SkillScan.Util;

namespace SkillScan.Tests.Bench;

public sealed class CorpusLabelTests
{
    [Fact]
    public void ReadsEveryKeyOfALabel()
    {
        var label = CorpusLabels.Parse("""
            label: malicious
            verdict: block
            technique: "encoded dropper"
            surface: skillmd
            must: [SS3005, SS1203]
            mustNot: [SS1405]
            pinning:
              - "requirements.txt: requests unpinned"
            """, "x/expected.yaml");

        Assert.Equal(SkillLabel.Malicious, label.Label);
        Assert.Equal(Verdict.Block, label.Verdict);
        Assert.Equal(SkillSurface.SkillMd, label.Surface);
        Assert.Equal(["SS3005", "SS1203"], label.Must);
        Assert.Equal(["SS1405"], label.MustNot);
        Assert.Equal(["requirements.txt: requests unpinned"], label.Pinning);
        Assert.Equal("x/expected.yaml", label.Source);
    }

    [Fact]
    public void EmptyListsAndMissingSurfaceAreAccepted()
    {
        var label = CorpusLabels.Parse("label: benign\nverdict: pass\ntechnique: t\nmust:\nmustNot: []\n", "e.yaml");

        Assert.Empty(label.Must);
        Assert.Empty(label.MustNot);
        Assert.Null(label.Surface);
        Assert.Equal(SkillLabel.Benign, label.Label);
    }

    [Theory]
    [InlineData("label: malicious\nverdict: block\ntechnique: t\nmusts: [SS1001]\n", "4:1: unknown key 'musts'")]
    [InlineData("label: evil\nverdict: block\ntechnique: t\n", "label 'evil' must be malicious or benign")]
    [InlineData("label: malicious\nverdict: review\ntechnique: t\n", "a malicious skill must expect verdict block")]
    [InlineData("label: benign\nverdict: block\ntechnique: t\n", "a benign skill cannot expect verdict block")]
    [InlineData("label: benign\nverdict: pass\ntechnique: t\nsurface: docs\n", "surface 'docs' must be skillmd or code")]
    [InlineData("label: benign\nverdict: pass\ntechnique: t\nmust: [ss1001]\n", "'ss1001' in must is not a rule id")]
    [InlineData("label: benign\nverdict: pass\ntechnique: t\nmust: [SS1001, SS1001]\n", "SS1001 is listed twice in must")]
    [InlineData("label: benign\nverdict: pass\ntechnique: t\nmust: [SS1001]\nmustNot: [SS1001]\n", "SS1001 listed in both must and mustNot")]
    [InlineData("label: benign\nverdict: pass\n", "missing required key 'technique'")]
    public void MalformedLabelsAreRejectedWithFileAndReason(string yaml, string expected)
    {
        var ex = Assert.Throws<DataFileException>(() => CorpusLabels.Parse(yaml, "bad/expected.yaml"));

        Assert.StartsWith("bad/expected.yaml:", ex.Message);
        Assert.Contains(expected, ex.Message);
    }
}
