using System.Text.RegularExpressions;
using System.Xml;
using SkillScan.Model;
using SkillScan.Pinning.Versions;

namespace SkillScan.Pinning.Manifests;

/// <summary>
/// NuGet references in MSBuild files (PackageReference / PackageVersion / GlobalPackageReference: Version and
/// VersionOverride) and in C# scripts (`#r "nuget: Name, Version"`). NuGet resolves the lowest version a range
/// allows, so only floating versions (`*`, `1.*`) or a missing script version change under you.
/// </summary>
public sealed class NuGetReader : IManifestReader
{
    // Built on first use (a .csx file): the linear engine costs milliseconds to build, and `Accepts`, asked of every
    // file, would otherwise build it in the static constructor.
    private static readonly Lazy<Regex> ScriptReference = new(() => new(@"^[ \t]*#r[ \t]+""nuget:[ \t]*(?<name>[^,""]+?)[ \t]*(,[ \t]*(?<version>[^""]*?)[ \t]*)?""",
        RegexOptions.Multiline | RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));

    private static readonly string[] ProjectExtensions = [".csproj", ".fsproj", ".vbproj", ".props", ".targets"];

    private static readonly string[] ReferenceElements = ["PackageReference", "PackageVersion", "GlobalPackageReference"];

    public bool Accepts(SkillFile file, PinningContext context) =>
        file.Language != Language.Binary &&
        (ProjectExtensions.Any(e => file.FileName.EndsWith(e, StringComparison.OrdinalIgnoreCase)) ||
         file.FileName.EndsWith(".csx", StringComparison.OrdinalIgnoreCase));

    public void Read(PinningContext context, SkillFile file)
    {
        if (file.FileName.EndsWith(".csx", StringComparison.OrdinalIgnoreCase)) ReadScript(context, file);
        else ReadProject(context, file);
    }

    private static void ReadScript(PinningContext context, SkillFile file)
    {
        var document = context.Document(file);
        foreach (Match m in ScriptReference.Value.Matches(file.Text))
        {
            var name = m.Groups["name"];
            var version = m.Groups["version"];
            var hasVersion = version.Success && version.Value.Length > 0;
            var cls = hasVersion ? NuGetSpec.Classify(version.Value) : SpecClass.Floating("no version (the newest release, fetched when the script runs)");
            if (cls is null) continue;
            Report(context, document, file, name.Value, hasVersion ? version.Value : null, cls,
                hasVersion ? new TextSpan(version.Index, version.Index + version.Length) : new TextSpan(name.Index, name.Index + name.Length),
                v => $"#r \"nuget: {name.Value}, {v}\"", hasVersion ? v => v : null);
        }
    }

    private static void ReadProject(PinningContext context, SkillFile file)
    {
        var document = context.Document(file);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true, MaxCharactersFromEntities = 1024 };
        try
        {
            using var reader = XmlReader.Create(new StringReader(file.Text), settings);
            var info = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || !ReferenceElements.Contains(reader.LocalName)) continue;
                var name = reader.GetAttribute("Include") ?? reader.GetAttribute("Update");
                if (name is null) continue;
                foreach (var attribute in new[] { "Version", "VersionOverride" })
                {
                    if (!reader.MoveToAttribute(attribute)) continue;
                    var value = reader.Value;
                    var span = AttributeValueSpan(document, info.LineNumber, info.LinePosition, value);
                    reader.MoveToElement();
                    if (NuGetSpec.Classify(value) is { Class: not PinClass.Exact } cls)
                    {
                        Report(context, document, file, name, value, cls, span, v => $"<{ReferenceElements[0]} Include=\"{name}\" {attribute}=\"{v}\" />", v => v);
                    }
                }
            }
        }
        catch (XmlException ex)
        {
            context.Unreadable(file, "the MSBuild file", ex.Message, ex.LineNumber);
        }
    }

    /// <summary>The value's span, from the attribute's position (the line info points at its name).</summary>
    private static TextSpan AttributeValueSpan(SourceDocument document, int line, int column, string value)
    {
        var text = document.Text;
        var start = Math.Min(document.Lines.LineStart(line) + column - 1, text.Length);
        var quote = text.IndexOfAny(['"', '\''], start);
        if (quote < 0) return new TextSpan(start, start);
        var close = text.IndexOf(text[quote], quote + 1);
        if (close < 0 || text[(quote + 1)..close] != value) return TextSpan.FromBounds(start, Math.Max(start, close));
        return TextSpan.FromBounds(quote + 1, close);
    }

    private static void Report(PinningContext context, SourceDocument document, SkillFile file, string name, string? spec, SpecClass cls,
        TextSpan span, Func<string, string> pinned, Func<string, string>? replacement) =>
        DependencyReporter.ReportDeclared(context, new DeclaredDependency
        {
            Ecosystem = Ecosystem.NuGet,
            Name = name,
            Spec = spec,
            Class = cls,
            Document = document,
            Span = span,
            Where = file.Path,
            Folder = PinningContext.FolderOf(file.Path),
            PinnedForm = pinned,
            Replacement = replacement,
        });
}
