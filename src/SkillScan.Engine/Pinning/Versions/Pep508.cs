namespace SkillScan.Pinning.Versions;

/// <summary>
/// A PEP 508 requirement (`name[extras] (specifier) ; marker` or `name[extras] @ url ; marker`), with the
/// offsets of its parts inside the text it was parsed from.
/// </summary>
public sealed record Pep508Requirement
{
    public required string Name { get; init; }

    /// <summary>[start, end) of the name in the parsed text.</summary>
    public required (int Start, int End) NameRange { get; init; }

    /// <summary>The version specifier without parentheses ("" when there is none).</summary>
    public string Specifier { get; init; } = "";

    /// <summary>[start, end) of the specifier; an empty range just after the name (and extras) when there is none.</summary>
    public (int Start, int End) SpecifierRange { get; init; }

    /// <summary>The direct reference after `@`, when given instead of a specifier.</summary>
    public string? Url { get; init; }

    public (int Start, int End) UrlRange { get; init; }

    public string? Marker { get; init; }

    /// <summary>[start, end) of the requirement without its marker.</summary>
    public (int Start, int End) Range { get; init; }
}

public static class Pep508
{
    /// <summary>Parses one requirement; null when the text is not one (an option line, a bare URL or path...).</summary>
    public static Pep508Requirement? Parse(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        var nameStart = i;
        if (i >= text.Length || !char.IsAsciiLetterOrDigit(text[i])) return null;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '.' or '_' or '-')) i++;
        var nameEnd = i;
        while (nameEnd > nameStart && text[nameEnd - 1] is '.' or '_' or '-') nameEnd--;
        i = nameEnd;
        var name = text[nameStart..nameEnd];
        SkipSpaces(text, ref i);
        if (i < text.Length && text[i] == '[')
        {
            var close = text.IndexOf(']', i);
            if (close < 0) return null;
            i = close + 1;
            SkipSpaces(text, ref i);
        }
        var afterName = i;
        if (i < text.Length && text[i] == '@')
        {
            i++;
            SkipSpaces(text, ref i);
            var urlStart = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
            var urlEnd = i;
            if (urlEnd == urlStart) return null;
            var marker = ParseMarker(text, ref i);
            if (i < text.Length) return null;
            return new Pep508Requirement
            {
                Name = name,
                NameRange = (nameStart, nameEnd),
                Url = text[urlStart..urlEnd],
                UrlRange = (urlStart, urlEnd),
                SpecifierRange = (afterName, afterName),
                Marker = marker,
                Range = (nameStart, urlEnd),
            };
        }
        int specStart, specEnd;
        if (i < text.Length && text[i] == '(')
        {
            var close = text.IndexOf(')', i);
            if (close < 0) return null;
            specStart = i + 1;
            specEnd = close;
            i = close + 1;
        }
        else
        {
            specStart = i;
            while (i < text.Length && text[i] != ';') i++;
            specEnd = i;
        }
        while (specStart < specEnd && char.IsWhiteSpace(text[specStart])) specStart++;
        while (specEnd > specStart && char.IsWhiteSpace(text[specEnd - 1])) specEnd--;
        var specifier = text[specStart..specEnd];
        if (specifier.Length > 0 && Pep440.ClassifySpecifier(specifier) is null) return null;
        var end = i;
        while (end > nameStart && char.IsWhiteSpace(text[end - 1])) end--;
        var markerText = ParseMarker(text, ref i);
        if (i < text.Length) return null;
        if (specifier.Length == 0) specStart = specEnd = nameEnd;
        return new Pep508Requirement
        {
            Name = name,
            NameRange = (nameStart, nameEnd),
            Specifier = specifier,
            SpecifierRange = (specStart, specEnd),
            Marker = markerText,
            Range = (nameStart, Math.Max(end, nameEnd)),
        };
    }

    private static string? ParseMarker(string text, ref int i)
    {
        SkipSpaces(text, ref i);
        if (i >= text.Length) return null;
        if (text[i] != ';') return null;
        var marker = text[(i + 1)..].Trim();
        i = text.Length;
        return marker;
    }

    private static void SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
    }
}
