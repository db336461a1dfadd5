using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PcCovid.Data.Sqlite;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model for SQLite; never used at run time.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<PcCovidDbContext>
{
    public PcCovidDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PcCovidDbContext>();
        DatabaseServiceCollectionExtensions.Configure(builder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" });
        return new PcCovidDbContext(builder.Options);
    }
}
