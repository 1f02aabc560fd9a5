// A tag's colour: one of a fixed palette (tags_color_check), or null. Its own module, so that
// the tasks table (whose tag_list carries colours) and the tags table both name it without
// importing each other.
export const TAG_COLORS = ["gray", "red", "orange", "yellow", "green", "teal", "blue", "purple", "pink"] as const;
export type TagColor = (typeof TAG_COLORS)[number];
