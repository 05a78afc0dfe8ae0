using System.Runtime.CompilerServices;
using SkillScan.Model;
using SkillScan.Pinning.Commands;
using SkillScan.Pinning.Manifests;
using SkillScan.Semantics;

namespace SkillScan.Pinning;

/// <summary>
/// The pinning check of one skill, computed once and shared by the pack's rules (each rule reports the issues
/// of its kind): manifests read from the skill's files, install commands from the shell facts of scripts and
/// SKILL.md code blocks, and command lines handed to process APIs.
/// </summary>
public static class PinningAnalysis
{
    private static readonly ConditionalWeakTable<SkillAnalysis, IReadOnlyList<PinIssue>> Results = new();

    /// <summary>
    /// Readers in order: package.json first (its dependency names tell `npx tool` runs a local copy), its scripts,
    /// then the rest. Requirement files named by `pip install -r` are known once commands have been read.
    /// </summary>
    private static readonly IManifestReader[] EarlyReaders = [new PackageJsonReader(), new PackageScriptsReader()];

    private static readonly IManifestReader[] LateReaders =
    [
        new PackageLockReader(), new RequirementsReader(), new PyprojectReader(), new PipfileReader(), new DockerfileReader(),
        new WorkflowReader(), new NuGetReader(), new FrontMatterInstallReader(),
    ];

    public static IReadOnlyList<PinIssue> For(SkillAnalysis analysis) => Results.GetValue(analysis, Run);

    private static IReadOnlyList<PinIssue> Run(SkillAnalysis analysis)
    {
        var context = new PinningContext(analysis.Skill);
        foreach (var doc in analysis.Documents)
        {
            if (doc.Document.Origin == DocumentOrigin.Embedded) context.FilesWithEmbeddedCommands.Add(doc.Document.File.Path);
        }
        RunReaders(context, EarlyReaders);
        foreach (var doc in analysis.Documents)
        {
            var folder = PinningContext.FolderOf(doc.Document.File.Path);
            foreach (var call in doc.Facts.Calls)
            {
                Guard(context, doc.Document.File, () =>
                {
                    if (doc.Document.Language == Language.Bash)
                    {
                        InstallCommands.Analyze(context, CommandLine.FromCall(call, folder));
                        return;
                    }
                    foreach (var command in ExecCommands.From(call, folder)) InstallCommands.Analyze(context, command);
                });
            }
        }
        RunReaders(context, LateReaders);
        lock (analysis.Notifications) analysis.Notifications.AddRange(context.Notifications);
        return context.Issues;
    }

    private static void RunReaders(PinningContext context, IEnumerable<IManifestReader> readers)
    {
        foreach (var reader in readers)
        {
            foreach (var file in context.Skill.Files)
            {
                if (reader.Accepts(file, context)) Guard(context, file, () => reader.Read(context, file));
            }
        }
    }

    /// <summary>A manifest that breaks a reader costs that manifest, not the skill's other findings.</summary>
    private static void Guard(PinningContext context, SkillFile file, Action read)
    {
        try
        {
            read();
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            context.Unreadable(file, "the file", $"{ex.GetType().Name}: {ex.Message}");
        }
    }
}
