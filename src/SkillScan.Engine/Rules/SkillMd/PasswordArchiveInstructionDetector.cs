using System.Text.RegularExpressions;
using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3004 PasswordArchiveInstruction.
/// <para><b>What it does:</b> reports a password written out in the text (`password: x`, "pass is `x`",
/// `contraseña: x`, `пароль: x`, `密码：x`) where the sentence, its neighbours or its section is about an archive to
/// download or extract.</para>
/// <para><b>Why is this bad?</b> An encrypted archive whose password is published protects nothing; the
/// encryption is there so antivirus and registry scanners cannot look inside.</para>
/// <para><b>Not reported:</b> the word "password" without a value ("rotate your passwords", "its password
/// 'to prevent tampering'"), passwords unrelated to archives.</para>
/// </summary>
public sealed partial class PasswordArchiveInstructionDetector : SkillMdDetector
{
    private static readonly HashSet<string> NotValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "required", "protected", "needed", "manager", "managers", "field", "fields", "reset", "the", "a", "an", "your", "to",
        "for", "of", "and", "or", "in", "with", "is", "not", "none", "optional", "hash", "hashes", "policy", "strength",
    };

    public override string Name => "PasswordArchiveInstruction";

    protected override void Analyze(SkillMdRun run)
    {
        var model = run.Model;
        var text = model.Document.Text;
        foreach (var unit in run.UnitsHiddenFirst)
        {
            foreach (var pw in Catalog.Password.Matches(unit.Text))
            {
                if (ProseText.IsNegated(unit.Text, pw.Index)) continue;
                var after = unit.SourceSpan(pw).End;
                if (ValueAfter(text, after) is not { } value) continue;
                if (ArchiveContext(run, unit) is not { } archive) continue;
                run.Report(TextSpan.FromBounds(unit.SourceSpan(pw).Start, value.End),
                    $"Archive password given in the text{SkillMdText.Where(unit)}: {SkillMdText.Quote(text[unit.SourceSpan(pw).Start..value.End], 80)} for {archive}; encrypted archives with published passwords exist to get past malware scanners.",
                    evidence: new Dictionary<string, string> { ["password"] = value.Value, ["archive"] = archive });
            }
            // "Use `x` when prompted": the password without the word, read from the source (its code quotes matter).
            var source = run.Model.Document.Slice(unit.Span);
            foreach (var prompt in Catalog.PasswordPrompt.Matches(source))
            {
                if (ProseText.IsNegated(source, prompt.Index) || ArchiveContext(run, unit) is not { } archive) continue;
                var secret = QuotedRegex().Match(prompt.Value).Groups["v"].Value;
                run.Report(new TextSpan(unit.Span.Start + prompt.Index, unit.Span.Start + prompt.End),
                    $"Archive password given in the text{SkillMdText.Where(unit)}: {SkillMdText.Quote(prompt.Value, 80)} for {archive}; encrypted archives with published passwords exist to get past malware scanners.",
                    evidence: new Dictionary<string, string> { ["password"] = secret, ["archive"] = archive });
            }
        }
    }

    /// <summary>The value written after a password word: after a separator (":", "=", "is"…), or directly in code or quotes.</summary>
    private static (string Value, int End)? ValueAfter(string text, int at)
    {
        var m = ValueRegex().Match(text, at, Math.Min(200, text.Length - at));
        if (!m.Success || m.Index != at) return null;
        var value = m.Groups["code"].Success ? m.Groups["code"].Value
            : m.Groups["quoted"].Success ? m.Groups["quoted"].Value
            : m.Groups["word"].Value;
        var end = m.Groups["code"].Success ? m.Groups["code"].Index + m.Groups["code"].Length + 1
            : m.Groups["quoted"].Success ? m.Groups["quoted"].Index + m.Groups["quoted"].Length + 1
            : m.Groups["word"].Index + m.Groups["word"].Length;
        if (!m.Groups["sep"].Success && !m.Groups["code"].Success) return null;
        value = value.Trim();
        if (value.Length is < 2 or > 64 || value.Contains(' ') && !m.Groups["code"].Success || NotValues.Contains(value)) return null;
        return (value, Math.Min(end, text.Length));
    }

    /// <summary>What archive the password belongs to: a named archive in the unit, the units before it in its section, or its heading.</summary>
    private static string? ArchiveContext(SkillMdRun run, ProseUnit unit)
    {
        var model = run.Model;
        var near = model.Units.Where(u => u.Section == unit.Section && u.Order <= unit.Order && u.Order >= unit.Order - 4).Reverse().Prepend(unit).ToList();
        // An archive named by a URL or a file name wins over a word such as "extract".
        foreach (var u in near)
        {
            var file = model.UrlsIn(u.Span).Select(x => UrlScanner.FileNameOf(x.Value)).FirstOrDefault(n => Catalog.Archive.IsMatch(n));
            if (file is { Length: > 0 }) return $"`{file}`";
            if (ArchiveFileRegex().Match(u.Text) is { Success: true } named) return $"`{named.Value}`";
        }
        foreach (var code in model.Code.Where(c => c.Section == unit.Section && c.Order < unit.Order && c.Order >= unit.Order - 4))
        {
            if (ArchiveFileRegex().Match(code.Text) is { Success: true } named) return $"`{named.Value}`";
        }
        foreach (var u in near)
        {
            if (Catalog.Archive.First(u.Text) is { } a) return SkillMdText.Quote(a.Value.Trim(), 40);
        }
        return model.SectionAt(unit.Section) is { } s && Catalog.Archive.IsMatch(s.Title) ? $"the '{s.Title}' section" : null;
    }

    [GeneratedRegex(@"[`'""*“]+(?<v>[^`'""*”\s]{2,64})")]
    private static partial Regex QuotedRegex();

    [GeneratedRegex(@"[\w.-]+\.(zip|7z|rar|tar\.gz|tgz|tar|gz|bz2|xz|cab|iso|dmg)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ArchiveFileRegex();

    [GeneratedRegex(@"[*_]*(\s*\([^)\n]{0,60}\))?[*_]*\s*(?<sep>[:=：]|(?:is|es|ist|est|é|是|为|為|は)\b:?|[-–—](?=\s))?[\s*_]*(`(?<code>[^`\n]{1,64})`|[""“'‘](?<quoted>[^""”'’\n]{1,64})[""”'’]|(?<word>[^\s,;)*_`""“”'’]{1,64}))")]
    private static partial Regex ValueRegex();
}
