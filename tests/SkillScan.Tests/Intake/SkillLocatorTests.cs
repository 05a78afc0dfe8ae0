using SkillScan.Intake;
using SkillScan.Model;

namespace SkillScan.Tests.Intake;

public sealed class SkillLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("skillscan-intake-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void FolderOfSkillsIsScannedSkillBySkill()
    {
        Write("skills/a/SKILL.md", "---\nname: a\n---\n");
        Write("skills/b/SKILL.md", "---\nname: b\n---\n");
        Write("skills/b/scripts/run.py", "print(1)\n");
        var options = new IntakeOptions { ReportRoot = _root };

        var roots = SkillLocator.FindSkillRoots(Path.Combine(_root, "skills"), options);

        Assert.Equal([Path.Combine(_root, "skills", "a"), Path.Combine(_root, "skills", "b")], roots);
        var b = SkillLocator.ReadSkill(roots[1], options);
        Assert.Equal("skills/b", b.RootRepoPath);
        Assert.Contains(b.Files, f => f.Path == "scripts/run.py" && f.RepoPath == "skills/b/scripts/run.py" && f.Language == Language.Python);
    }

    [Fact]
    public void OversizedFileIsSkippedWithNotification()
    {
        Write("s/SKILL.md", "x");
        Write("s/big.js", new string('a', 2000));
        var skill = SkillLocator.ReadSkill(Path.Combine(_root, "s"), new IntakeOptions { ReportRoot = _root, MaxFileBytes = 1000 });

        Assert.DoesNotContain(skill.Files, f => f.Path == "big.js");
        Assert.Contains(skill.Notifications, n => n.Id == "file-too-large" && n.RepoPath == "s/big.js");
    }

    [Fact]
    public void SymlinkOutOfRootIsNeverFollowed()
    {
        var secret = Write("outside/secret.txt", "TOPSECRET");
        Write("s/SKILL.md", "x");
        File.CreateSymbolicLink(Path.Combine(_root, "s", "link.txt"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_root, "s", "loop"), Path.Combine(_root, "s"));

        var skill = SkillLocator.ReadSkill(Path.Combine(_root, "s"), new IntakeOptions { ReportRoot = _root });

        Assert.DoesNotContain(skill.Files, f => f.Text.Contains("TOPSECRET"));
        Assert.Contains(skill.Notifications, n => n.Id == "symlink-outside-root" && n.RepoPath == "s/link.txt");
        Assert.Contains(skill.Notifications, n => n.Id == "symlink-skipped" && n.RepoPath == "s/loop");
    }

    [Fact]
    public void FifoIsNeverOpened()
    {
        Write("s/SKILL.md", "x");
        var fifo = Path.Combine(_root, "s", "pipe.sh");
        var mk = System.Diagnostics.Process.Start("mkfifo", fifo);
        mk.WaitForExit();

        var skill = SkillLocator.ReadSkill(Path.Combine(_root, "s"), new IntakeOptions { ReportRoot = _root });

        Assert.Contains(skill.Notifications, n => n.Id == "special-file-skipped" && n.RepoPath == "s/pipe.sh");
    }

    [Theory]
    [InlineData("run", "#!/usr/bin/env python3\nprint(1)", Language.Python)]
    [InlineData("run", "#!/bin/bash\necho hi", Language.Bash)]
    [InlineData("run", "#!/usr/bin/env -S node --no-warnings\nconsole.log(1)", Language.JavaScript)]
    [InlineData("tool.mts", "export {}", Language.TypeScript)]
    [InlineData("App.tsx", "export {}", Language.Tsx)]
    [InlineData("plugin.csx", "1", Language.CSharp)]
    [InlineData("logo.png", "\u007fELF\u0002\u0001", Language.Binary)]
    public void FilesAreClassifiedByExtensionShebangAndBytes(string name, string content, Language expected)
    {
        Assert.Equal(expected, FileClassifier.Classify(name, System.Text.Encoding.UTF8.GetBytes(content)));
    }
}
