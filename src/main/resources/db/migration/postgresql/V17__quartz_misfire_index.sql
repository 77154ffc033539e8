-- Issue 7: as on H2 (see db/migration/h2/V17), IDX_QRTZ_T_NFT_ST_MISFIRE begins with MISFIRE_INSTR, which Quartz's
-- queries only test with NOT (MISFIRE_INSTR = -1), so no scan can use it as a range; IDX_QRTZ_T_NFT_ST answers the
-- misfire scan (NEXT_FIRE_TIME < ? AND TRIGGER_STATE = ?) and IDX_QRTZ_T_NFT_MISFIRE the one without a state.
-- Every trigger update that moves NEXT_FIRE_TIME rewrote its entry for nothing.
DROP INDEX IDX_QRTZ_T_NFT_ST_MISFIRE;
