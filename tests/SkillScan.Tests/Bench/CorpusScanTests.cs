using SkillScan.Bench;
using SkillScan.Model;
using SkillScan.Pipeline;

namespace SkillScan.Tests.Bench;

public sealed class CorpusScanTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("skillscan-corpus-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void FindsLabelledSkillsAtAnyDepthInNameOrder()
    {
        Write("corpus/malicious/b/SKILL.md", "---\nname: b\n---\n");
        Write("corpus/malicious/b/expected.yaml", "label: malicious\nverdict: block\ntechnique: t\nmust: [SS1001]\n");
        Write("corpus/benign/group/a/SKILL.md", "---\nname: a\n---\n");
        Write("corpus/benign/group/a/expected.yaml", "label: benign\nverdict: pass\ntechnique: t\n");
        Write("corpus/benign/unlabelled/SKILL.md", "---\nname: u\n---\n");
        Write("corpus/benign/node_modules/x/expected.yaml", "not: a label\n");

        var skills = Corpus.Load(Path.Combine(_root, "corpus"));

        Assert.Equal(["benign/group/a", "malicious/b"], skills.Select(s => s.Name));
        Assert.Equal(SkillLabel.Malicious, skills[1].Label.Label);
        Assert.Equal(Path.Combine(_root, "corpus", "malicious", "b"), skills[1].Root);
    }

    [Fact]
    public void ScansCorpusSkillsWithoutTheirLabelFilesAndScoresThem()
    {
        // The label names the marker text; a scanner that read expected.yaml would "find" it there.
        Write("corpus/malicious/dropper/SKILL.md", "---\nname: dropper\n---\nRun it.\n");
        Write("corpus/malicious/dropper/run.sh", "#!/bin/sh\necho CURLPIPE\n");
        Write("corpus/malicious/dropper/expected.yaml", "label: malicious\nverdict: block\ntechnique: CURLPIPE\nmust: [SS9001]\n");
        Write("corpus/malicious/quiet/SKILL.md", "---\nname: quiet\n---\nNothing to see.\n");
        Write("corpus/malicious/quiet/expected.yaml", "label: malicious\nverdict: block\ntechnique: CURLPIPE HIDDEN\nmust: [SS9001]\n");
        Write("corpus/benign/notes/SKILL.md", "---\nname: notes\n---\nMentions HIDDEN things.\n");
        Write("corpus/benign/notes/expected.yaml", "label: benign\nverdict: review\ntechnique: t\nmust: [SS9002]\n");
        IReadOnlyList<SkillScan.Rules.IRule> rules =
        [
            new MarkerRule("SS9001", "CURLPIPE", Severity.Critical),
            new MarkerRule("SS9002", "HIDDEN", Severity.Medium),
        ];

        var skills = Corpus.Load(Path.Combine(_root, "corpus"));
        var scan = CorpusScan.Run(EngineFactory.Create(rules), skills, _root, threads: 2);
        var report = AccuracyBench.Compute(scan.Scored(), rules.Select(r => r.Descriptor).ToList());

        Assert.Equal([Verdict.Review, Verdict.Block, Verdict.Pass], scan.Results.Select(r => r.Verdict));
        Assert.DoesNotContain(scan.Results.SelectMany(r => r.Skill.Files), f => f.FileName == CorpusLabels.FileName);
        var hit = Assert.Single(scan.Scored()[1].Hits);
        Assert.Equal("corpus/malicious/dropper/run.sh", hit.Location.RepoPath);
        Assert.Equal(2, hit.Location.Region.StartLine);
        Assert.Equal(new Counts(1, 0, 1), report.Rules.Single(r => r.Id == "SS9001").Counts);
        Assert.Equal(new Counts(1, 0, 0), report.Rules.Single(r => r.Id == "SS9002").Counts);
        Assert.Equal(["malicious/quiet"], report.UnblockedMalicious.Select(s => s.Skill));
        Assert.Equal(new Rate(1, 2), report.Overall.RecallAtBlock);
        Assert.Equal(new Rate(1, 1), report.Overall.FprAtReview);
    }

    [Fact]
    public void TheSkillsOwnSuppressionCommentsDoNotLowerItsVerdict()
    {
        Write("corpus/malicious/self-excused/SKILL.md", "---\nname: self-excused\n---\n");
        Write("corpus/malicious/self-excused/run.sh", "#!/bin/sh\n# skillscan-ignore SS9001: our own installer, trusted\necho CURLPIPE\n");
        Write("corpus/malicious/self-excused/expected.yaml", "label: malicious\nverdict: block\ntechnique: t\nmust: [SS9001]\n");
        var rules = new SkillScan.Rules.IRule[] { new MarkerRule("SS9001", "CURLPIPE", Severity.Critical) };

        var scan = CorpusScan.Run(EngineFactory.Create(rules), Corpus.Load(Path.Combine(_root, "corpus")), _root, threads: 1);

        Assert.Equal(Verdict.Block, Assert.Single(scan.Results).Verdict);
        Assert.Equal("SS9001", Assert.Single(Assert.Single(scan.Scored()).Hits).RuleId);
    }

    [Fact]
    public void SpeedBenchTimesStagesAndRules()
    {
        Write("corpus/benign/a/SKILL.md", "---\nname: a\n---\n");
        Write("corpus/benign/a/expected.yaml", "label: benign\nverdict: pass\ntechnique: t\n");
        Write("corpus/benign/a/tool.py", "import os\nprint(os.getcwd())\n");
        Write("corpus/benign/a/run.sh", "#!/bin/sh\necho MARK\n");
        var rules = new SkillScan.Rules.IRule[] { new MarkerRule("SS9001", "MARK", Severity.Low) };
        var engine = EngineFactory.Create(rules, collectRuleTimings: true);

        var report = SpeedBench.Run(engine, Corpus.SourcesForSpeed(Path.Combine(_root, "corpus"), _root), iterations: 2, threads: 1);

        Assert.Equal(1, report.Skills);
        Assert.Equal(3, report.Files); // SKILL.md, run.sh, tool.py: not expected.yaml
        Assert.Equal(2, report.Iterations);
        Assert.Contains(report.Languages, l => l.Language == Language.Python && l.Bytes == "import os\nprint(os.getcwd())\n".Length);
        Assert.True(report.Stages.ParseSeconds > 0);
        Assert.Equal("SS9001", Assert.Single(report.Rules).Id);
        Assert.True(report.PeakWorkingSetBytes > 0);
        Assert.True(report.Wall > TimeSpan.Zero);
    }

    [Fact]
    public void SpeedBenchTakesAnyFolderOfSkillsWhenThereAreNoLabels()
    {
        Write("skills/a/SKILL.md", "---\nname: a\n---\n");
        Write("skills/b/SKILL.md", "---\nname: b\n---\n");

        var sources = Corpus.SourcesForSpeed(Path.Combine(_root, "skills"), _root);

        Assert.Equal(["skills/a", "skills/b"], sources.Select(s => s.Key));
    }
}
