using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3106 ExfiltrationInstruction.
/// <para><b>What it does:</b> finds instructions to send, upload, post or forward sensitive data — credentials,
/// `.env` files, the environment, the conversation, memory files, the user's e-mails and files — to a destination
/// named in the text: a URL, an e-mail address, an IP, a webhook, "my server", or the URL of the code block the
/// sentence introduces ("send the transcript to the backup endpoint:"). Data named in the previous sentence or list
/// item counts when this one says "upload it". In SKILL.md code, a command that pipes a credential store or the
/// environment into an upload counts too. Several languages.</para>
/// <para><b>Why is this bad?</b> The agent becomes the exfiltration channel, with no code for a script scanner to see.</para>
/// <para><b>Not reported:</b> credentials used to authenticate ("send the key in the Authorization header"),
/// non-sensitive data (reports, release notes), warnings ("never send your key"), descriptions.</para>
/// </summary>
public sealed partial class ExfiltrationInstructionDetector : SkillMdDetector
{
    public override string Name => "ExfiltrationInstruction";

    protected override void Analyze(SkillMdRun run)
    {
        ProseUnit? previous = null;
        foreach (var unit in run.Model.Units)
        {
            var text = unit.Text;
            var lastSentence = previous is not null && previous.Section == unit.Section && !unit.Hidden ? LastSentence(previous.Text) : null;
            foreach (var (start, end) in ProseText.Sentences(text))
            {
                var sentence = text[start..end];
                if (CheckSentence(run, unit, start, end, sentence, lastSentence)) break;
                lastSentence = sentence;
            }
            if (!unit.Hidden) previous = unit;
        }
        foreach (var code in run.Model.Code.Where(c => c.Kind is CodeKind.Fenced or CodeKind.Indented)) CheckCode(run, code);
    }

    private static bool CheckSentence(SkillMdRun run, ProseUnit unit, int start, int end, string sentence, string? previousSentence)
    {
        var text = unit.Text;
        var verb = unit.Find(Catalog.SendVerbs)
            .Where(m => m.Index >= start && m.End <= end)
            .Where(m => !m.Imperative || unit.Hidden
                        || ProseText.IsImperativeAt(text, m.Index, Catalog.Fillers, CredentialHarvestInstructionDetector.CommandLeads)
                        || ProseText.HasAgentSubject(text, m.Index) || StartsWithInstruction(text, start, m.Index))
            .Where(m => !ProseText.IsNegated(text, m.Index) && !ProseText.IsQuoted(text, m.Index, m.End))
            .OrderBy(m => m.Index)
            .Cast<PhraseMatch?>()
            .FirstOrDefault();
        if (verb is not { } v) return false;

        var data = SensitiveData(sentence);
        if (data is null && previousSentence is not null && PronounRegex().IsMatch(sentence[(v.Index - start)..])) data = SensitiveData(previousSentence);
        if (data is null) return false;
        if (data.Value.Weak && Catalog.AuthUsage.IsMatch(sentence)) return false;

        var destination = run.Model.UrlsIn(unit.SourceSpan(start, end)).Select(u => u.Value).FirstOrDefault()
            ?? UrlScanner.Find(sentence).Select(u => u.Value).FirstOrDefault()
            ?? Catalog.DestinationWords.First(sentence)?.Value
            ?? IntroducedCodeDestination(run.Model, unit, sentence);
        if (destination is null) return false;

        return run.Report(unit.SourceSpan(v.Index, end),
            $"Instruction tells the agent to {v.Value.Trim().ToLowerInvariant()} {data.Value.What} to {destination}{SkillMdText.Where(unit)}: {SkillMdText.Quote(sentence.Trim())}.",
            evidence: new Dictionary<string, string>
            {
                ["data"] = data.Value.What,
                ["destination"] = destination,
                ["channel"] = SkillMdText.Channel(unit),
            });
    }

    /// <summary>
    /// A command in SKILL.md code that sends a credential store or the environment out: `tar czf - ~/.ssh | curl -T -
    /// https://…`, `env | curl --data-binary @- …`.
    /// </summary>
    private static void CheckCode(SkillMdRun run, CodeUnit code)
    {
        for (var k = 0; k < code.LineStarts.Count; k++)
        {
            var line = CredentialHarvestInstructionDetector.LineOf(code.Text, k);
            if (line.TrimStart().StartsWith('#') || !UploadRegex().IsMatch(line)) continue;
            var data = Catalog.CredentialStores.First(line) ?? Catalog.EnvironmentDump.First(line);
            if (data is not { } d) continue;
            var destination = UrlScanner.Find(line).Select(u => u.Value).FirstOrDefault();
            if (destination is null) continue;
            var startOffset = code.LineStarts[k];
            run.Report(TextSpan.FromBounds(startOffset, startOffset + line.TrimEnd().Length),
                $"A command in the {code.Description} sends {d.Value.Trim(' ', '`', '\'', '"', '(', '|')} to {destination}: {SkillMdText.Quote(line.Trim(), 140)}.",
                evidence: new Dictionary<string, string> { ["data"] = d.Value.Trim(), ["destination"] = destination, ["channel"] = "code" });
        }
    }

    /// <summary>The sensitive data a sentence names; Weak when it is only a loose credential word ("API key", "token").</summary>
    private static (string What, bool Weak)? SensitiveData(string sentence)
    {
        if (Catalog.CredentialStores.First(sentence) is { } store) return (store.Value.Trim(' ', '`', '\'', '"', '('), false);
        if (Catalog.EnvironmentDump.First(sentence) is { } dump) return ($"the environment ({dump.Value.Trim(' ', '`', '\'', '"', '(')})", false);
        if (Catalog.SensitiveData.First(sentence) is { } data) return (data.Value.Trim(), false);
        if (Catalog.CredentialWords.First(sentence) is { } word) return (word.Value.Trim(' ', '`', '\'', '"', '(', '/'), true);
        return null;
    }

    /// <summary>"…to the backup endpoint:" followed by a code block: the block's first URL is the destination.</summary>
    private static string? IntroducedCodeDestination(MarkdownModel model, ProseUnit unit, string sentence)
    {
        if (!sentence.TrimEnd().EndsWith(':')) return null;
        var next = model.Code.FirstOrDefault(c => c.Order == unit.Order + 1 && c.Kind is CodeKind.Fenced or CodeKind.Indented);
        return next is null ? null : UrlScanner.Find(next.Text).Select(u => u.Value).FirstOrDefault();
    }

    /// <summary>"Read X and send it to Y": the sentence's first clause is an instruction, and the verb comes later in it.</summary>
    private static bool StartsWithInstruction(string text, int sentenceStart, int verbIndex) =>
        Catalog.ImperativeVerbs.Matches(text[sentenceStart..verbIndex]).Any(m => ProseText.IsImperativeAt(text, sentenceStart + m.Index, Catalog.Fillers));

    private static string LastSentence(string text) => ProseText.Sentences(text).Select(s => text[s.Start..s.End]).LastOrDefault() ?? "";

    [GeneratedRegex(@"\b(it|them|this|these|that|those|everything|all\s+of\s+(it|them)|the\s+(output|result|results|contents?|file|files|data|dump|archive|values?))\b|\b(lo|los|las|le|la|les|es|sie|ihn|его|её|их|это)\b|(它们|它|这些|其)", RegexOptions.IgnoreCase)]
    private static partial Regex PronounRegex();

    [GeneratedRegex(@"\bcurl\b[^\n]*\s(-T|--upload-file|-F|--form|-d|--data\S*|--json|-X\s*(POST|PUT))\b|\bwget\b[^\n]*--(post|body)-(data|file)|\b(nc|ncat|netcat|socat)\s+\S+\s+\d+|\bscp\b[^\n]*\s\S+:|\brsync\b[^\n]*\s\S+:|\b(invoke-webrequest|invoke-restmethod|iwr|irm)\b[^\n]*-method\s+(post|put)|\brequests\.(post|put)\b|\bfetch\([^)]*method:\s*['""](POST|PUT)", RegexOptions.IgnoreCase)]
    private static partial Regex UploadRegex();
}
