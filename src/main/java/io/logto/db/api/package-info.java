/**
 * The library API for products that embed logto: {@link io.logto.db.api.Logto} deploys, rolls
 * back and reports status on a {@link javax.sql.DataSource}, and its startup gate
 * {@link io.logto.db.api.Logto#requireUpToDate(javax.sql.DataSource)} refuses to start an
 * application whose database lacks alterations it ships.
 */
package io.logto.db.api;
