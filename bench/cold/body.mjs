// The vendor's type-1 (work) callback example, as fuzz/seeds/callback/vendor-2.json has it.
export const BODY = `{
    "task_id": "1234567890123456",
    "status": 3,
    "video_Url": "https://example.com/videos/abc123.mp4?token=xyz789",
    "type": 1,
    "duration": 45,
    "message": "",
    "code": 0,
    "title": "我的视频创作"
}
`;
