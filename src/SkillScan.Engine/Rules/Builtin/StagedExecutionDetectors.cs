using System.Text.RegularExpressions;
using SkillScan.Findings;
using SkillScan.Rules.Matchers;
using SkillScan.Semantics;
using SkillScan.Util;

namespace SkillScan.Rules.Builtin;

/// <summary>
/// A download, then a preparation step (made executable, or extracted), then something run — in that order in
/// one document (a script, a SKILL.md code block). The three calls need not be connected by a data flow the
/// extractor could see: the order and the shared file name are the evidence, and the finding links all three.
/// </summary>
public abstract class StagedExecutionDetector : BuiltinDetector
{
    private static readonly string[] ExecCapabilities = ["proc.exec", "proc.shell", "proc.interpreter"];

    private static readonly CallRequirement Downloads = new(["net.fetch"], null, null, shellWords: false);

    /// <summary>Whether a call is the middle step; `target` is the file it prepares when known.</summary>
    protected abstract bool IsPreparation(IndexedCall call, out ValueFact? target);

    /// <summary>Whether the run step is about the prepared target.</summary>
    protected abstract bool Runs(IndexedCall exec, ValueFact? target);

    protected abstract string Describe(IndexedCall download, IndexedCall preparation, IndexedCall exec);

    public override void Run(MatchRun run)
    {
        foreach (var doc in run.Documents)
        {
            // Every finding starts with a download.
            if (run.Calls.Candidates(doc, Downloads).Length == 0) continue;
            // The stages are about order.
            var calls = run.Calls.InSourceOrder(doc);
            var downloads = new List<int>();
            var preparations = new List<(int Index, ValueFact? Target)>();
            for (var i = 0; i < calls.Count; i++)
            {
                var c = calls[i];
                if (c.Call.Has("net.fetch")) downloads.Add(i);
                if (downloads.Count > 0 && IsPreparation(c, out var target) && Prepares(calls, downloads, target)) preparations.Add((i, target));
                if (preparations.Count == 0 || !IsExec(c)) continue;
                foreach (var (p, t) in Enumerable.Reverse(preparations))
                {
                    if (p == i || !Before(calls, p, i) || !Runs(c, t)) continue;
                    var d = downloads.LastOrDefault(x => Before(calls, x, p) && x != p, -1);
                    if (d < 0) continue;
                    var download = calls[d];
                    var prep = calls[p];
                    run.Report(c.Call.Document, c.Call.Span, Describe(download, prep, c),
                        related:
                        [
                            new RelatedLocation(download.Call.Document.Locate(download.Call.Span), $"Download: {CallSelector.ShowCall(download)}"),
                            new RelatedLocation(prep.Call.Document.Locate(prep.Call.Span), $"Then: {CallSelector.ShowCall(prep)}"),
                        ],
                        evidence: new Dictionary<string, string>
                        {
                            ["download"] = CallSelector.ShowCall(download, 200),
                            ["prepare"] = CallSelector.ShowCall(prep, 200),
                            ["run"] = CallSelector.ShowCall(c, 200),
                        });
                    break;
                }
            }
        }
    }

    /// <summary>Whether the prepared target is something a download produced (by default: any target will do).</summary>
    protected virtual bool Prepares(IReadOnlyList<IndexedCall> calls, List<int> downloads, ValueFact? target) => true;

    /// <summary>Source order (the list is sorted by position; lowered commands of one string keep their order).</summary>
    private static bool Before(IReadOnlyList<IndexedCall> calls, int a, int b) => a < b;

    /// <summary>Runs a program: a process/shell/interpreter call, or a shell command invoked by path (`./tool`, `/tmp/x`).</summary>
    protected static bool IsExec(IndexedCall c) =>
        c.Call.HasAny(ExecCapabilities) || (c.ShellWords && RunsPath(c) && !c.Call.Callee.StartsWith("/dev/", StringComparison.Ordinal) && c.Call.Callee != "redirect-write");

    /// <summary>A command run by its path (`./tool`, `/tmp/x`; shell extractors keep the path in the `program` input).</summary>
    protected static bool RunsPath(IndexedCall c) =>
        c.Call.Callee.Contains('/') || c.Call.Callee.StartsWith('.') ||
        c.Call.Named.Any(kv => kv.Key == "program" && (kv.Value.Best.Contains('/') || kv.Value.Best.StartsWith('.')));

    /// <summary>Whether any text of the exec call (name, arguments) names the target or its file name.</summary>
    protected static bool Mentions(IndexedCall exec, ValueFact target)
    {
        var keys = Keys(target);
        return keys.Count > 0 && Names(exec, keys);
    }

    /// <summary>Keys a value may be named by in other calls: its constant, its text, and their file names.</summary>
    protected static List<string> Keys(ValueFact target)
    {
        var keys = new List<string>();
        foreach (var candidate in new[] { target.Constant, target.Text })
        {
            if (string.IsNullOrWhiteSpace(candidate)) continue;
            var k = candidate.Trim().Trim('"', '\'', '`');
            if (k.Length < 2) continue;
            keys.Add(k);
            var slash = k.LastIndexOf('/');
            if (slash >= 0 && slash < k.Length - 2) keys.Add(k[(slash + 1)..]);
        }
        return keys;
    }

    /// <summary>Whether any input of a call (or its callee) names one of the keys.</summary>
    protected static bool Names(IndexedCall call, List<string> keys)
    {
        if (keys.Any(k => ContainsToken(call.Call.Callee, k))) return true;
        foreach (var input in call.Inputs)
        {
            if (keys.Any(k => ContainsToken(input.Value.Best, k) || ContainsToken(input.Value.Text, k))) return true;
        }
        return false;
    }

    private static bool ContainsToken(string text, string token)
    {
        var at = 0;
        while ((at = text.IndexOf(token, at, StringComparison.Ordinal)) >= 0)
        {
            var beforeOk = at == 0 || !IsNameChar(text[at - 1]);
            var afterOk = at + token.Length >= text.Length || !IsNameChar(text[at + token.Length]);
            if (beforeOk && afterOk) return true;
            at++;
        }
        return false;

        static bool IsNameChar(char ch) => char.IsLetterOrDigit(ch) || ch is '_' or '-' or '.';
    }
}

/// <summary>SS1202: a file is downloaded, made executable and run.</summary>
public sealed class DownloadChmodExecuteDetector : StagedExecutionDetector
{
    /// <summary>Modes that set an execute bit: +x, u+x, octal with an odd owner digit (755, 0o700), decimal 493/511, S_IX*, UnixFileMode.*Execute.</summary>
    private static readonly TieredRegex ExecMode = TextPattern.CompileRegex(
        @"(?i)^[ugoa]*\+[rwxst]*x|\bS_IX(USR|GRP|OTH)\b|\bS_IEXEC\b|\b(User|Group|Other)Execute\b|^\s*(0o?|0)?[0-7]?[1357][0-7]{2}\s*$|^\s*(493|511|509|505|489|488|457|456|448|365)\s*$|\|\s*0o?111\b");

    public override string Name => "DownloadChmodExecute";

    protected override bool IsPreparation(IndexedCall call, out ValueFact? target)
    {
        target = null;
        // Asked of every call of a document with a download: the lambdas below live in a method of their own, whose
        // closure is made only for chmod calls.
        return (call.Call.Has("fs.chmod") || call.Name == "chmod") && MakesExecutable(call, out target);
    }

    private static bool MakesExecutable(IndexedCall call, out ValueFact? target)
    {
        target = null;
        var mode = call.Call.Args.FirstOrDefault(a => ExecMode.IsMatch(a.Best.Trim()));
        if (mode is null && !call.Call.Named.Values.Any(v => ExecMode.IsMatch(v.Best.Trim()))) return false;
        target = call.ShellWords
            ? call.Call.Args.FirstOrDefault(a => !ReferenceEquals(a, mode) && !CallInputs.IsFlag(a.Best))
            : call.Call.Args.FirstOrDefault(a => !ReferenceEquals(a, mode));
        return true;
    }

    protected override bool Runs(IndexedCall exec, ValueFact? target) => target is not null && Mentions(exec, target);

    /// <summary>The file made executable is one a download wrote: named by the download call or by a write of downloaded data.</summary>
    protected override bool Prepares(IReadOnlyList<IndexedCall> calls, List<int> downloads, ValueFact? target)
    {
        if (target is null) return false;
        if (target.Taint.Any(t => t.Kind == "net.fetch")) return true;
        var keys = Keys(target);
        if (keys.Count == 0) return false;
        if (downloads.Any(d => Names(calls[d], keys))) return true;
        return calls.Any(c => c.Call.Has("fs.write") && c.Inputs.Any(i => i.Value.Taint.Any(t => t.Kind == "net.fetch")) && Names(c, keys));
    }

    protected override string Describe(IndexedCall download, IndexedCall preparation, IndexedCall exec) =>
        $"Downloads a file ({CallSelector.ShowCall(download, 80)}), makes it executable ({CallSelector.ShowCall(preparation, 60)}) and runs it ({CallSelector.ShowCall(exec, 60)}): a second stage nobody reviewed.";
}

/// <summary>SS1205: an archive is downloaded, extracted, and a program or script then run.</summary>
public sealed class DownloadExtractExecuteDetector : StagedExecutionDetector
{
    private static readonly TieredRegex ScriptOperand = TextPattern.CompileRegex(@"\.(sh|bash|py|js|mjs|cjs|exe|bin|run|AppImage|command|ps1|pl|rb)$");

    public override string Name => "DownloadExtractExecute";

    protected override bool IsPreparation(IndexedCall call, out ValueFact? target)
    {
        target = null;
        return call.Call.Has("archive.extract");
    }

    /// <summary>A program run by path, or an interpreter given a script path: something that came out of the archive.</summary>
    protected override bool Runs(IndexedCall exec, ValueFact? target)
    {
        if (exec.Call.Has("archive.extract") || exec.Call.Has("net.fetch")) return false;
        if (exec.ShellWords && RunsPath(exec)) return true;
        if (!exec.Call.Has("proc.interpreter")) return false;
        return exec.Call.Args.Any(a => !CallInputs.IsFlag(a.Best) && ScriptOperand.IsMatch(a.Best.Trim('"', '\'')));
    }

    protected override string Describe(IndexedCall download, IndexedCall preparation, IndexedCall exec) =>
        $"Downloads an archive ({CallSelector.ShowCall(download, 80)}), extracts it ({CallSelector.ShowCall(preparation, 60)}) and runs what came out ({CallSelector.ShowCall(exec, 60)}).";
}
