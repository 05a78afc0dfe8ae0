using SkillScan.Model;
using SkillScan.Syntax;

namespace SkillScan.Semantics.Lowering;

/// <summary>JavaScript, TypeScript and TSX facts (one catalog: rules/catalogs/javascript.yaml).</summary>
public sealed class JavaScriptFactExtractor : IFactExtractor
{
    public IReadOnlyCollection<Language> Languages { get; } = [Language.JavaScript, Language.TypeScript, Language.Tsx];

    public DocumentFacts Extract(ParsedDocument parsed, FactContext context) => Lowerer.Lower(parsed, context);
}

/// <summary>Python facts (rules/catalogs/python.yaml).</summary>
public sealed class PythonFactExtractor : IFactExtractor
{
    public IReadOnlyCollection<Language> Languages { get; } = [Language.Python];

    public DocumentFacts Extract(ParsedDocument parsed, FactContext context) => Lowerer.Lower(parsed, context);
}
