namespace SkillScan.Intake.Archives;

/// <summary>
/// Bounds on what an archive may make the gate read into memory. Every count and size is checked against what is
/// actually read, never only against what a header claims.
/// </summary>
public sealed record ArchiveLimits
{
    public static ArchiveLimits Default { get; } = new();

    /// <summary>Size of the archive file itself.</summary>
    public long MaxArchiveBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Entries of every kind (files, folders, links), nested archives included.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Uncompressed size of one file (the same cap as a file on disk).</summary>
    public long MaxEntryBytes { get; init; } = 5L * 1024 * 1024;

    /// <summary>Uncompressed size of all files together.</summary>
    public long MaxTotalBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Uncompressed ÷ compressed size above which a stream is a decompression bomb.</summary>
    public int MaxCompressionRatio { get; init; } = 100;

    /// <summary>The ratio is only judged past this many uncompressed bytes (a small file of spaces compresses well too).</summary>
    public long RatioFloorBytes { get; init; } = 1024 * 1024;

    /// <summary>Archives inside archives: 1 reads only the outer one; 2 also reads archives shipped inside it.</summary>
    public int MaxNestingDepth { get; init; } = 2;
}
