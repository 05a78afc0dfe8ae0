namespace SkillScan.Model;

/// <summary>What a file or virtual document is written in; decides which front end reads it.</summary>
public enum Language
{
    Unknown,
    JavaScript,
    TypeScript,
    Tsx,
    Python,
    Bash,
    CSharp,
    Markdown,
    Json,
    Yaml,
    Toml,
    Text,
    Binary,
}

public static class LanguageNames
{
    /// <summary>The lower-case name used in rule packs (`languages: [javascript, python]`).</summary>
    public static string ToId(this Language language) => language switch
    {
        Language.JavaScript => "javascript",
        Language.TypeScript => "typescript",
        Language.Tsx => "tsx",
        Language.Python => "python",
        Language.Bash => "bash",
        Language.CSharp => "csharp",
        Language.Markdown => "markdown",
        Language.Json => "json",
        Language.Yaml => "yaml",
        Language.Toml => "toml",
        Language.Text => "text",
        Language.Binary => "binary",
        _ => "unknown",
    };

    public static bool TryParse(string id, out Language language)
    {
        foreach (var value in Enum.GetValues<Language>())
        {
            if (string.Equals(value.ToId(), id, StringComparison.OrdinalIgnoreCase))
            {
                language = value;
                return true;
            }
        }
        language = Language.Unknown;
        return false;
    }

    /// <summary>Languages that are code (have a front end producing call facts).</summary>
    public static bool IsCode(this Language language) =>
        language is Language.JavaScript or Language.TypeScript or Language.Tsx or Language.Python
            or Language.Bash or Language.CSharp;

    /// <summary>The fenced-code-block info string of SKILL.md mapped to a language, or Unknown.</summary>
    public static Language FromFenceInfo(string? info)
    {
        var tag = (info ?? "").Trim().Split(' ', '\t', '{')[0].ToLowerInvariant();
        return tag switch
        {
            "bash" or "sh" or "shell" or "console" or "zsh" or "shellsession" or "terminal" => Language.Bash,
            "python" or "py" or "python3" => Language.Python,
            "js" or "javascript" or "node" or "mjs" or "cjs" or "jsx" => Language.JavaScript,
            "ts" or "typescript" => Language.TypeScript,
            "tsx" => Language.Tsx,
            "cs" or "csharp" or "c#" or "csx" => Language.CSharp,
            "json" => Language.Json,
            "yaml" or "yml" => Language.Yaml,
            "toml" => Language.Toml,
            _ => Language.Unknown,
        };
    }
}
