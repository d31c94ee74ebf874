-- Schema version 44: a reply to a range of proposals ("12至15", "21-23", "5~8") sorts by
-- the range's first number, as a list ("12、15") does: number_int 12 for 12至15, as a
-- reply is stored since the look-up by a number inside a range (schema 043; number_int
-- is letter_number_int, src/model/letter.c). Rows stored before kept the last number
-- (15), so that dafu search --sort number put such a reply after the numbers inside its
-- range; they are set again here by the function a new row's is set by
-- (dafu_number_int). Only number_int changes, which no trigger watches.
UPDATE reply SET number_int = dafu_number_int(number_key)
WHERE number_key GLOB '*[至到~—-]*' AND number_int IS NOT dafu_number_int(number_key);
