using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SkillScan.TreeSitter.Interop;

/// <summary>
/// Finds libskillscan_treesitter next to the application or next to this assembly (also under
/// runtimes/&lt;rid&gt;/native/), so the binding works from bin/, after <c>dotnet publish</c>, and as a packed .NET tool.
/// The environment variable SKILLSCAN_TREESITTER_LIBRARY may name the library file explicitly.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string LibraryName = "skillscan_treesitter";
    internal const string EnvironmentVariable = "SKILLSCAN_TREESITTER_LIBRARY";

    private static nint s_handle;

#pragma warning disable CA2255 // a module initializer is the one place that runs before any P/Invoke of this assembly
    [ModuleInitializer]
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
#pragma warning restore CA2255

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != LibraryName)
        {
            return 0;
        }

        nint handle = Volatile.Read(ref s_handle);
        if (handle != 0)
        {
            return handle;
        }

        foreach (string candidate in Candidates(assembly))
        {
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out handle))
            {
                Volatile.Write(ref s_handle, handle);
                return handle;
            }
        }

        // Fall back to the runtime's default probing (LD_LIBRARY_PATH etc.); it throws DllNotFoundException.
        return 0;
    }

    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty Location (single-file, Native AOT) is handled: AppContext.BaseDirectory comes first.")]
    internal static IEnumerable<string> Candidates(Assembly assembly)
    {
        string? explicitPath = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(explicitPath))
        {
            yield return explicitPath;
        }

        string fileName = OperatingSystem.IsWindows() ? LibraryName + ".dll"
            : OperatingSystem.IsMacOS() ? "lib" + LibraryName + ".dylib"
            : "lib" + LibraryName + ".so";

        var directories = new List<string>();
        if (!string.IsNullOrEmpty(AppContext.BaseDirectory))
        {
            directories.Add(AppContext.BaseDirectory);
        }

        // Location is empty for single-file apps; AppContext.BaseDirectory covers those.
        string? assemblyDirectory = string.IsNullOrEmpty(assembly.Location) ? null : Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(assemblyDirectory))
        {
            directories.Add(assemblyDirectory);
        }

        foreach (string directory in directories.Distinct(StringComparer.Ordinal))
        {
            yield return Path.Combine(directory, fileName);
            yield return Path.Combine(directory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", fileName);
            string arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
            string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            yield return Path.Combine(directory, "runtimes", os + "-" + arch, "native", fileName);
        }
    }
}
