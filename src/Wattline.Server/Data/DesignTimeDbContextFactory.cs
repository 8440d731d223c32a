using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Wattline.Server.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the server.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<WattlineDbContext>
{
    public WattlineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WattlineDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
