using Microsoft.EntityFrameworkCore.Migrations;
using PcCovid.Data.CheckIns;

#nullable disable

namespace PcCovid.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CheckInChangeFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CheckInSchema.SqliteChangeFeed);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(CheckInSchema.SqliteChangeFeedDrop);
        }
    }
}
