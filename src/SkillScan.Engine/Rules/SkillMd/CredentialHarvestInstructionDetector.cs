using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3105 CredentialHarvestInstruction.
/// <para><b>What it does:</b> finds instructions to read, print, copy or collect credentials: SSH and cloud keys,
/// `.netrc`/`.npmrc`/`.git-credentials`, the agent's own config, keychains, wallet seeds, browser passwords, the
/// whole environment (`env`, `printenv`). In prose the verb must start an instruction ("Run `cat ~/.ssh/id_rsa`",
/// "collect all API keys"), have the agent as subject ("the assistant reads…"), or be an imperative form in
/// another language (读取, выполни, lis…); in SKILL.md code a command that reads a credential store counts.</para>
/// <para><b>Why is this bad?</b> A skill has no reason to make the agent read secrets it does not use; the next step
/// is sending them out.</para>
/// <para><b>Not reported:</b> public keys (`id_ed25519.pub`), descriptions ("the CLI reads ~/.aws/credentials"),
/// warnings ("never print your keys"), quoted examples, tools reading their own credentials.</para>
/// </summary>
public sealed partial class CredentialHarvestInstructionDetector : SkillMdDetector
{
    /// <summary>Verbs that hand the next word to a command ("run `cat …`", "use `security find-…`").</summary>
    internal static readonly string[] CommandLeads = ["run", "execute", "use", "type", "call", "invoke", "then", "and", "also", "sudo", "enter"];

    public override string Name => "CredentialHarvestInstruction";

    protected override void Analyze(SkillMdRun run)
    {
        foreach (var unit in run.UnitsHiddenFirst) AnalyzeProse(run, unit);
        foreach (var code in run.Model.Code.Where(c => c.Kind is CodeKind.Fenced or CodeKind.Indented)) AnalyzeCode(run, code);
    }

    private static void AnalyzeProse(SkillMdRun run, ProseUnit unit)
    {
        var text = unit.Text;
        var targets = unit.Find(Catalog.CredentialStores).Where(t => !IsPublicKey(text, t))
            .Select(t => (Match: t, Dump: false))
            .Concat(unit.Find(Catalog.EnvironmentDump).Select(t => (Match: t, Dump: true)));
        foreach (var (target, dump) in targets)
        {
            var (sentenceStart, sentenceEnd) = ProseText.Sentence(text, target.Index);
            var verb = Verb(unit, text, sentenceStart, sentenceEnd, target, dump);
            if (verb is not { } v) continue;
            var from = Math.Min(v.Index, target.Index);
            var to = Math.Max(v.End, target.End);
            if (ProseText.IsQuoted(text, from, to)) continue;
            var what = dump ? "dump the environment" : $"{v.Value.Trim().ToLowerInvariant()} credentials";
            run.Report(unit.SourceSpan(from, to),
                $"Instruction tells the agent to {what}{SkillMdText.Where(unit)}: {SkillMdText.Quote(text[from..to])} ({target.Value.Trim(' ', '`', '\'', '"', '(')}).",
                evidence: new Dictionary<string, string>
                {
                    ["verb"] = v.Value.Trim(),
                    ["target"] = target.Value.Trim(' ', '`', '\'', '"', '('),
                    ["channel"] = SkillMdText.Channel(unit),
                });
        }
    }

    /// <summary>The verb applying to a target in its sentence, when it is an instruction; null otherwise.</summary>
    private static PhraseMatch? Verb(ProseUnit unit, string text, int sentenceStart, int sentenceEnd, PhraseMatch target, bool dump)
    {
        foreach (var v in unit.Find(Catalog.HarvestVerbs).OrderBy(v => v.Index))
        {
            if (v.Index < sentenceStart || v.Index >= sentenceEnd || (v.Index >= target.Index && v.Index < target.End)) continue;
            if (v.Imperative)
            {
                if (v.Index > target.Index) continue;
                var instruction = unit.Hidden || ProseText.IsImperativeAt(text, v.Index, Catalog.Fillers, CommandLeads) || ProseText.HasAgentSubject(text, v.Index);
                if (instruction && !ProseText.IsNegated(text, v.Index)) return v;
            }
            else if (!ProseText.IsNegated(text, v.Index))
            {
                return v;
            }
        }
        // "Run `env`": for an environment dump the command is the verb.
        if (dump && RunLeadRegex().Match(text[sentenceStart..target.Index]) is { Success: true } lead)
        {
            var at = sentenceStart + lead.Index;
            if (unit.Hidden || ProseText.IsImperativeAt(text, at, Catalog.Fillers) && !ProseText.IsNegated(text, at))
            {
                return new PhraseMatch(at, lead.Length, lead.Value, "en", true);
            }
        }
        return null;
    }

    /// <summary>A command line in SKILL.md code that reads a credential store (`cat ~/.aws/credentials`, `security find-generic-password`).</summary>
    private static void AnalyzeCode(SkillMdRun run, CodeUnit code)
    {
        for (var k = 0; k < code.LineStarts.Count; k++)
        {
            var line = LineOf(code.Text, k);
            if (line.TrimStart().StartsWith('#')) continue;
            var store = Catalog.CredentialStores.Matches(line).FirstOrDefault(t => !IsPublicKey(line, t));
            if (store.Length == 0 || !ReadCommandRegex().IsMatch(line)) continue;
            var start = code.LineStarts[k];
            run.Report(TextSpan.FromBounds(start, start + line.TrimEnd().Length),
                $"A command in the {code.Description} reads credentials ({store.Value.Trim(' ', '`', '\'', '"', '(')}): {SkillMdText.Quote(line.Trim(), 120)}; the skill has the agent collect secrets.",
                evidence: new Dictionary<string, string> { ["target"] = store.Value.Trim(), ["command"] = line.Trim(), ["channel"] = "code" });
        }
    }

    internal static string LineOf(string text, int index)
    {
        var lines = text.Split('\n');
        return index < lines.Length ? lines[index] : "";
    }

    private static bool IsPublicKey(string text, PhraseMatch store)
    {
        var after = text.AsSpan(store.End);
        return after.StartsWith(".pub", StringComparison.OrdinalIgnoreCase) || store.Value.EndsWith(".pub", StringComparison.OrdinalIgnoreCase)
            || store.Value.Contains("public", StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"(?:\b(?:run|execute|type|enter|выполни|выполните|запусти|ejecuta|ejecute|führe|exécute|exécutez)\b|执行|运行|運行|実行)[\s`]*$", RegexOptions.IgnoreCase)]
    private static partial Regex RunLeadRegex();

    [GeneratedRegex(@"\b(cat|less|more|head|tail|type|get-content|gc|base64|xxd|strings|cp|scp|rsync|tar|zip|7z|curl|wget|nc|ncat|sqlite3|gpg|security\s+find-(generic|internet)-password|find|grep)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReadCommandRegex();
}
