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

    public static IReadOnlyList<PinIssue> For(SkillAnalysis analysis) => analysis.Shared(analysis, Run).Issues;

    /// <summary>A skill's pinning issues (a type of its own, the key of <see cref="SkillAnalysis.Shared"/>).</summary>
    private sealed record Result(IReadOnlyList<PinIssue> Issues);

    private static Result Run(SkillAnalysis analysis)
    {
        var context = new PinningContext(analysis.Skill);
        foreach (var doc in analysis.Documents)
        {
            if (doc.Document.Origin == DocumentOrigin.Embedded) context.FilesWithEmbeddedCommands.Add(doc.Document.File.Path);
        }
        RunReaders(context, EarlyReaders);
        ReadCommands(context, analysis);
        RunReaders(context, LateReaders);
        lock (analysis.Notifications) analysis.Notifications.AddRange(context.Notifications);
        return new Result(context.Issues);
    }

    /// <summary>
    /// Install commands from call facts. Command lines handed to process APIs are read from the code's own
    /// literals when every word is known (exact positions, so fixes apply); the bash document the extractor
    /// derived from the same argument is then skipped, and used only when it knows more (folded variables).
    /// </summary>
    private static void ReadCommands(PinningContext context, SkillAnalysis analysis)
    {
        var readFromCode = new HashSet<(string, SourceRegion)>();
        foreach (var doc in analysis.Documents.Where(d => d.Document.Language != Language.Bash))
        {
            var folder = PinningContext.FolderOf(doc.Document.File.Path);
            foreach (var call in doc.Facts.Calls)
            {
                // Only calls that start processes hold command lines: the rest cost no closure.
                if (ExecCommands.StartsProcess(call)) ReadFromCode(context, call, folder, readFromCode);
            }
        }
        foreach (var doc in analysis.Documents.Where(d => d.Document.Language == Language.Bash))
        {
            var document = doc.Document;
            if (document.Origin == DocumentOrigin.Embedded && document.Parent is { Language: not Language.Bash } &&
                readFromCode.Contains((document.File.RepoPath, document.MapToFile(default))))
            {
                continue;
            }
            var folder = PinningContext.FolderOf(document.File.Path);
            foreach (var call in doc.Facts.Calls)
            {
                Guard(context, document.File, () => InstallCommands.Analyze(context, CommandLine.FromCall(call, folder)));
            }
        }
    }

    private static void ReadFromCode(PinningContext context, CallFact call, string folder, HashSet<(string, SourceRegion)> readFromCode) =>
        Guard(context, call.Document.File, () =>
        {
            var commands = ExecCommands.From(call, folder).ToList();
            if (commands.Count == 0 || commands.Any(c => c.Args.Any(w => w.Text is null))) return;
            readFromCode.Add((call.Document.File.RepoPath, call.Document.MapToFile(call.Args[0].Span)));
            foreach (var command in commands) InstallCommands.Analyze(context, command);
        });

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
