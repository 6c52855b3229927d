namespace GobiernoAbierto.Tests.Support;

/// <summary>Files of this repository that are not built (deploy/, scripts), read by tests that keep them honest.</summary>
public static class RepositoryFiles
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GobiernoAbierto.sln"))) return dir.FullName;
        throw new InvalidOperationException("GobiernoAbierto.sln not found above " + AppContext.BaseDirectory);
    }

    public static string[] ReadLines(string relativePath) => File.ReadAllLines(Path.Combine(Root(), relativePath));
}
