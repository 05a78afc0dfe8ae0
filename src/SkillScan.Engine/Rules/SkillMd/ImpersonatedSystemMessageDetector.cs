using SkillScan.Model;
using SkillScan.Semantics.Markdown;

namespace SkillScan.Rules.SkillMd;

/// <summary>
/// SS3102 ImpersonatedSystemMessage.
/// <para><b>What it does:</b> finds text that poses as a system, tool or assistant message: chat-template tokens
/// (`&lt;|im_start|&gt;system`, `&lt;&lt;SYS&gt;&gt;`, `[INST]`), fake tags (`&lt;system&gt;`, `&lt;tool_result&gt;`),
/// "[SYSTEM]" banners, "message from Anthropic/OpenClaw:" and "System: you…" lines addressed to the agent.
/// Anywhere outside code, hidden places included.</para>
/// <para><b>Why is this bad?</b> Models give system and tool messages more authority than document text; faking one
/// smuggles instructions in with that authority.</para>
/// <para><b>Not reported:</b> markers in code blocks or inline code (prompt-template documentation), quoted
/// mentions, and "System:" labels followed by ordinary values ("System: macOS 14").</para>
/// </summary>
public sealed class ImpersonatedSystemMessageDetector : SkillMdDetector
{
    public override string Name => "ImpersonatedSystemMessage";

    protected override void Analyze(SkillMdRun run)
    {
        var text = run.Model.Document.Text;
        var reported = 0;
        foreach (var m in Catalog.SystemMarkers.Matches(text).OrderBy(m => m.Index))
        {
            var at = m.Index + (m.Value.Length - m.Value.TrimStart().Length);
            if (run.Model.InCode(at) || run.Model.FrontMatter.BlockSpan.Contains(at)) continue;
            var lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
            var lineEnd = text.IndexOf('\n', at);
            var line = text[lineStart..(lineEnd < 0 ? text.Length : lineEnd)];
            if (ProseText.IsQuoted(line, at - lineStart, m.End - lineStart) || IsInlineQuoted(text, at, m.End)) continue;
            var hidden = run.Model.Hidden.FirstOrDefault(u => u.Span.Contains(at));
            var where = hidden is null ? "" : SkillMdText.Where(hidden);
            if (run.Report(TextSpan.FromBounds(at, m.End),
                    $"Text poses as a system, tool or assistant message{where}: {SkillMdText.Quote(m.Value.Trim())}; skill text must not impersonate the agent's own instructions.",
                    evidence: new Dictionary<string, string> { ["marker"] = m.Value.Trim(), ["channel"] = hidden is null ? "prose" : SkillMdText.Channel(hidden) }))
            {
                if (++reported >= 20) return;
            }
        }
    }

    /// <summary>A marker written between single quotes or backticks-less apostrophes ('&lt;system&gt;') is a mention.</summary>
    private static bool IsInlineQuoted(string text, int start, int end) =>
        start > 0 && end < text.Length && text[start - 1] is '\'' or '‘' && text[end] is '\'' or '’';
}
