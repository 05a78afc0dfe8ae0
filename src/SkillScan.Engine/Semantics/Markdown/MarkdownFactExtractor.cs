using SkillScan.Model;
using SkillScan.Syntax;
using SkillScan.Syntax.Markdown;

namespace SkillScan.Semantics.Markdown;

/// <summary>
/// Lowers a Markdown document (SKILL.md and other .md files) into facts: every URL becomes a StringFact (links,
/// autolinks, prose, titles, alt text, comments, front matter) so the core destination rules see them; every
/// piece of code (fenced, indented, inline, command lines in prose and comments) becomes a virtual document
/// parsed by the language's own front end, with positions in the Markdown file; encoded commands in prose are
/// decoded and analysed too. The prose model it builds is what the skillmd rules read.
/// </summary>
public sealed class MarkdownFactExtractor : IFactExtractor
{
    public IReadOnlyCollection<Language> Languages { get; } = [Language.Markdown];

    public DocumentFacts Extract(ParsedDocument parsed, FactContext context)
    {
        var document = parsed.Document;
        var catalog = InstructionCatalog.Builtin;
        var model = MarkdownModelBuilder.Build(parsed, catalog, context.CancellationToken);
        parsed.Markdown?.SetData(typeof(MarkdownModel), model);
        Notify(model, context);

        var facts = new DocumentFacts();
        var derivedSpans = new List<TextSpan>();
        foreach (var code in model.Code)
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (!code.Language.IsCode() || code.Text.Trim().Length == 0) continue;
            if (code.Kind is CodeKind.Inline or CodeKind.CommandLine or CodeKind.Comment && derivedSpans.Any(s => s.Contains(code.Span.Start)))
            {
                continue;
            }
            var derived = SourceDocument.FromParentLines(document, code.Text, code.Language, code.LineStarts, DocumentOrigin.CodeBlock,
                code.Description);
            code.Derived = derived;
            derivedSpans.Add(code.Span);
            context.AddDerived(derived);
        }

        // URLs inside code that is analysed as code are that code's strings; every other URL is the document's.
        foreach (var url in model.Urls)
        {
            if (url.InCode && derivedSpans.Any(s => s.Contains(url.Span.Start))) continue;
            facts.Strings.Add(new StringFact(document, url.Span, url.Value));
        }

        // Encoded commands outside analysed code (prose, unanalysed blocks): decode and analyse what they run.
        foreach (var dropper in EncodedDroppers.Find(document.Text))
        {
            if (derivedSpans.Any(s => s.Contains(dropper.Span.Start))) continue;
            if (dropper.Decoded.Length > context.Limits.MaxDecodedChars) continue;
            var encodings = string.Join("+", dropper.Encodings);
            if (dropper.Interpreter is "PowerShell")
            {
                // No PowerShell front end: its destinations still reach the destination rules, at the encoded text.
                foreach (var (_, value) in UrlScanner.Find(dropper.Decoded)) facts.Strings.Add(new StringFact(document, dropper.Span, value, encodings));
                continue;
            }
            var language = PayloadSniffer.Guess(dropper.Decoded) is { } sniffed && sniffed.IsCode() ? sniffed : Language.Bash;
            context.AddDerived(SourceDocument.FromParentSpan(document, dropper.Decoded, language, dropper.Span, DocumentOrigin.Decoded,
                $"{encodings}-decoded command"));
        }
        return facts;
    }

    private static void Notify(MarkdownModel model, FactContext context)
    {
        var path = model.Document.File.RepoPath;
        if (model.DegradedReason is { } reason)
        {
            context.Notify(ScanNotification.Warning("markdown-degraded",
                $"{path} was read line by line instead of as Markdown because {reason}; links, titles and alt text in it were not analysed.", path));
        }
        foreach (var p in model.FrontMatter.Problems.Where(p => p.Kind is "alias-bomb" or "too-deep" or "too-many-nodes" or "front-matter-too-large"))
        {
            var (line, _) = model.Document.Lines.Position(p.Span.Start);
            var id = p.Kind.StartsWith("front-matter", StringComparison.Ordinal) ? p.Kind : "front-matter-" + p.Kind;
            context.Notify(new ScanNotification(id, p.Message, NotificationLevel.Warning, path, line));
        }
    }
}
